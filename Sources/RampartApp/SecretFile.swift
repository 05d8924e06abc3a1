import Foundation
import RampartCore

/// A secret Rampart makes for itself on first use (the API key secret, the local keyring's key): 32 random bytes
/// as 64 hex digits in a file of the data directory, readable by the owner only, never replaced once it exists.
enum SecretFile {
    /// The file's 64 hex digits (as bytes), made first if there is no file.
    static func readOrCreate(path: String) throws -> [UInt8] {
        if let existing = FileManager.default.contents(atPath: path) { return try decode(existing, path: path) }
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let temporary = path + ".tmp-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(Hex.encode(bytes).utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown)
        }
        defer { unlink(temporary) }
        // link(2) fails if the target exists: of two processes starting at once, one secret wins and both use it.
        if link(temporary, path) != 0, errno != EEXIST { throw CocoaError(.fileWriteUnknown) }
        guard let stored = FileManager.default.contents(atPath: path) else { throw CocoaError(.fileReadUnknown) }
        return try decode(stored, path: path)
    }

    static func decode(_ data: Data, path: String) throws -> [UInt8] {
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count == 64, text.allSatisfy(\.isHexDigit) else { throw CocoaError(.fileReadCorruptFile) }
        return Array(text.utf8)
    }

    /// The 32 bytes the file's hex digits stand for.
    static func bytes(path: String) throws -> [UInt8] {
        let digits = try readOrCreate(path: path)
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
    }
}
