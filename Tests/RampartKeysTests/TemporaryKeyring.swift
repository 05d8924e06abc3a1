import Crypto
import Foundation
import RampartKeys

/// A local keyring sealed by a random key, in a directory of its own that `body` may also use; removed afterwards.
func withTemporaryKeyring<T>(_ body: (LocalKeyProvider, URL) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-keys-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let provider = try LocalKeyProvider(path: directory.appendingPathComponent("keyring.json").path, secret: .key(SymmetricKey(size: .bits256)), create: true)
    return try await body(provider, directory)
}
