import Crypto
public import Foundation
public import RampartKeys
public import RampartStorage

/// A local keyring sealed by a random key, in a directory of its own that `body` may also use; removed afterwards.
public func withTemporaryKeyring<T>(_ body: (LocalKeyProvider, URL) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-keys-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let provider = try LocalKeyProvider(path: directory.appendingPathComponent("keyring.json").path, secret: .key(SymmetricKey(size: .bits256)), create: true)
    return try await body(provider, directory)
}

/// A key hierarchy over `database` with a temporary local keyring and the built-in policy, for tests of what
/// seals with it (the pseudonym vault); removed afterwards.
public func withTemporaryKeys<T>(database: Database, _ body: (KeyHierarchy) async throws -> T) async throws -> T {
    try await withTemporaryKeyring { provider, _ in
        try await body(KeyHierarchy(catalog: KeyCatalog(database: database), providers: [provider], defaultProviders: ["local"]))
    }
}
