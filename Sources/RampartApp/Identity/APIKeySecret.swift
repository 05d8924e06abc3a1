import Foundation
import RampartCore

/// The server secret API keys are hashed under: from the configuration, or (SQLite only) a file of 32 random bytes
/// in the data directory, made once, readable by the owner only, and never replaced once it exists.
enum APIKeySecret {
    static func resolve(context: RampartContext) throws(InputErrors) -> [UInt8] {
        if let reference = context.configuration.identity.apiKeySecret {
            let location = SourceLocation(file: context.environment["RAMPART_CONFIG"] ?? "configuration", keyPath: "identity.api_key_secret")
            let text: String
            do { text = try reference.resolve(environment: context.environment) } catch {
                var located = error
                located.location = location
                throw InputErrors(located)
            }
            guard text.utf8.count >= 32 else { throw InputErrors(InputError(.invalidValue, "the API key secret must be at least 32 bytes", at: location)) }
            return Array(text.utf8)
        }
        let path = URL(fileURLWithPath: context.dataDirectory).appendingPathComponent("api-key-secret").path
        do {
            return try readOrCreate(path: path)
        } catch {
            throw InputErrors(InputError(.unreadable, "cannot read or create the API key secret \(path): \(error)"))
        }
    }

    static func readOrCreate(path: String) throws -> [UInt8] {
        if let existing = FileManager.default.contents(atPath: path) { return try decode(existing, path: path) }
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let temporary = path + ".tmp-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(hex(bytes).utf8), attributes: [.posixPermissions: 0o600]) else {
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

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xF)]] })
    }
}
