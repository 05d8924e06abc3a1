import Crypto
import Foundation
import RampartKeys
import RampartTestSupport
import Testing

/// The local keyring file: sealed by a passphrase (scrypt) or a key file, kept across opens, written atomically.
@Suite struct LocalKeyringTests {
    static func directory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-keyring-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static let context = EncryptionContext(tenant: "acme", owner: "tenant", purpose: "vault", objectID: "o", keyVersion: 1)

    @Test func aPassphraseKeyringReopensWithItsKeysAndRefusesAnyOtherPassphrase() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("keyring.json").path
        let provider = try LocalKeyProvider(path: path, secret: .passphrase("correct horse battery staple"), create: true)
        let key = try await provider.createKey(label: "acme/tenant/vault/v1")
        let dataKey = SymmetricKey(size: .bits256)
        let wrapped = try await provider.wrap(dataKey, keyID: key, context: Self.context)

        let reopened = try LocalKeyProvider(path: path, secret: .passphrase("correct horse battery staple"))
        #expect(try await reopened.unwrap(wrapped, keyID: key, context: Self.context) == dataKey)
        #expect { _ = try LocalKeyProvider(path: path, secret: .passphrase("correct horse battery stapler")) } throws: {
            ($0 as? KeyError)?.code == .wrongPassphrase && !"\($0)".contains("correct horse")
        }

        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(#""algorithm":"scrypt""#))
        #expect(!text.contains(key))
    }

    @Test func theWrongKindOfSecretAndAlteredFilesAreRefusedByName() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("keyring.json").path
        _ = try LocalKeyProvider(path: path, secret: .key(SymmetricKey(size: .bits256)), create: true)
        #expect { _ = try LocalKeyProvider(path: path, secret: .key(SymmetricKey(size: .bits256))) } throws: { ($0 as? KeyError)?.code == .wrongPassphrase }
        #expect { _ = try LocalKeyProvider(path: path, secret: .passphrase("x")) } throws: { ($0 as? KeyError)?.code == .wrongPassphrase }
        try Data("{\"format\":\"something else\"}".utf8).write(to: URL(fileURLWithPath: path))
        #expect { _ = try LocalKeyProvider(path: path, secret: .passphrase("x")) } throws: {
            ($0 as? KeyError)?.code == .malformed && "\($0)".contains(path)
        }
        #expect { _ = try LocalKeyProvider(path: path + ".missing", secret: .passphrase("x")) } throws: { ($0 as? KeyError)?.code == .keyNotFound }
    }

    @Test func aFailedWriteLeavesTheKeyringAsItWas() async throws {
        let directory = try Self.directory()
        let chattr = URL(fileURLWithPath: "/usr/bin/chattr")
        defer {
            try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.path)
            _ = try? Process.run(chattr, arguments: ["-i", directory.path]).waitUntilExit()
            try? FileManager.default.removeItem(at: directory)
        }
        let path = directory.appendingPathComponent("keyring.json").path
        let secret = SymmetricKey(size: .bits256)
        let provider = try LocalKeyProvider(path: path, secret: .key(secret), create: true)
        let kept = try await provider.createKey(label: "kept")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        // A directory nobody may write to (immutable, for root): the temporary file cannot be made, nothing is replaced.
        try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: directory.path)
        if getuid() == 0 {
            let made = try await ChildProcess.run(chattr, ["+i", directory.path])
            try #require(made.status == 0, "chattr +i failed: \(made.stderr)")
        }
        await #expect(throws: KeyError.self) { _ = try await provider.createKey(label: "lost") }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        let reopened = try LocalKeyProvider(path: path, secret: .key(secret))
        _ = try await reopened.wrap(SymmetricKey(size: .bits256), keyID: kept, context: Self.context)
    }

    /// No two different contexts encode alike, whatever their fields hold (separators, empty strings, digits).
    @Test func contextEncodingIsUnambiguous() {
        let pieces = ["", "a", "ab", "b", ":", "a:b", "\u{0}", "rampart:tenant", "1", "12"]
        var seen: [[UInt8]: EncryptionContext] = [:]
        for tenant in pieces {
            for owner in pieces {
                for object in pieces {
                    for version in [1, 12] {
                        let context = EncryptionContext(tenant: tenant, owner: owner, purpose: "logs", objectID: object, keyVersion: version)
                        if let earlier = seen[context.encoded] { #expect(earlier == context, "\(earlier) and \(context) encode alike") }
                        seen[context.encoded] = context
                    }
                }
            }
        }
        #expect(seen.count == pieces.count * pieces.count * pieces.count * 2)
    }
}
