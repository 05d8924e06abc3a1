public import Crypto
import Foundation
public import RampartCore

/// The embedded default: key-encryption keys in a keyring file on this machine, sealed by a passphrase or a key
/// file. Every change rewrites the whole file atomically (a temporary file renamed over it), mode 0600.
public actor LocalKeyProvider: KeyProvider {
    public nonisolated let kind = "local"
    let path: String
    let sealingKey: SymmetricKey
    let derivation: KeyringDerivation
    let clock: WallClock
    var keyring: LocalKeyring

    /// Opens the keyring at `path`, or creates an empty one there when `create` is true and no file exists.
    public init(path: String, secret: KeyringSecret, create: Bool = false, clock: WallClock = .system) throws(KeyError) {
        self.path = path
        self.clock = clock
        if let data = FileManager.default.contents(atPath: path) {
            guard let file = try? JSONDecoder().decode(SealedKeyringFile.self, from: data), file.format == SealedKeyringFile.format,
                  let nonce = Data(base64Encoded: file.nonce), let sealed = Data(base64Encoded: file.sealed)
            else { throw KeyError(.malformed, "\(path) is not a Rampart keyring") }
            let key = try file.kdf.sealingKey(secret)
            let opened: Data
            do {
                opened = try AES.GCM.open(AES.GCM.SealedBox(combined: nonce + sealed), using: key,
                                          authenticating: Array(SealedKeyringFile.format.utf8))
            } catch {
                throw KeyError(.wrongPassphrase, "\(path) does not open with this \(file.kdf.algorithm == "none" ? "key file" : "passphrase"), or it was altered")
            }
            guard let keyring = try? JSONDecoder.rampart.decode(LocalKeyring.self, from: opened) else {
                throw KeyError(.malformed, "\(path) opened but its contents are not a keyring")
            }
            self.sealingKey = key
            self.derivation = file.kdf
            self.keyring = keyring
        } else if create {
            switch secret {
            case .passphrase:
                derivation = .scrypt(salt: (0..<16).map { _ in UInt8.random(in: 0...255) })
            case .key:
                derivation = .none
            }
            sealingKey = try derivation.sealingKey(secret)
            keyring = LocalKeyring()
            try Self.write(keyring, to: path, key: sealingKey, derivation: derivation)
        } else {
            throw KeyError(.keyNotFound, "no keyring at \(path)")
        }
    }

    public func createKey(label: String) throws(KeyError) -> String {
        let id = "lk-" + Hex.random(bytes: 12)
        var next = keyring
        next.keys[id] = LocalKeyring.Entry(label: label, material: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() },
                                           created: clock.now)
        try Self.write(next, to: path, key: sealingKey, derivation: derivation)
        keyring = next
        return id
    }

    public func wrap(_ dataKey: SymmetricKey, keyID: String, context: EncryptionContext) throws(KeyError) -> [UInt8] {
        let kek = try key(keyID)
        do {
            return Array(try AES.GCM.seal(dataKey.withUnsafeBytes { Array($0) }, using: kek, authenticating: context.encoded).combined!)
        } catch {
            throw KeyError(.malformed, "wrapping under \(keyID) failed: \(error)")
        }
    }

    public func unwrap(_ wrapped: [UInt8], keyID: String, context: EncryptionContext) throws(KeyError) -> SymmetricKey {
        let kek = try key(keyID)
        do {
            return SymmetricKey(data: try AES.GCM.open(AES.GCM.SealedBox(combined: wrapped), using: kek, authenticating: context.encoded))
        } catch {
            throw KeyError(.authenticationFailed, "a data key does not unwrap under \(keyID) in this context (another key or context, or altered)")
        }
    }

    public func destroyKey(_ keyID: String) throws(KeyError) {
        guard var entry = keyring.keys[keyID] else { throw KeyError(.keyNotFound, "no key \(keyID) in \(path)") }
        entry.material = nil
        entry.destroyed = entry.destroyed ?? clock.now
        var next = keyring
        next.keys[keyID] = entry
        try Self.write(next, to: path, key: sealingKey, derivation: derivation)
        keyring = next
    }

    func key(_ keyID: String) throws(KeyError) -> SymmetricKey {
        guard let entry = keyring.keys[keyID] else { throw KeyError(.keyNotFound, "no key \(keyID) in \(path)") }
        guard let material = entry.material, let bytes = Data(base64Encoded: material) else {
            throw KeyError(.keyDestroyed, "the key \(keyID) was destroyed")
        }
        return SymmetricKey(data: bytes)
    }

    static func write(_ keyring: LocalKeyring, to path: String, key: SymmetricKey, derivation: KeyringDerivation) throws(KeyError) {
        do {
            let plain = try JSONEncoder.rampart.encode(keyring)
            let box = try AES.GCM.seal(plain, using: key, authenticating: Array(SealedKeyringFile.format.utf8))
            let file = SealedKeyringFile(format: SealedKeyringFile.format, kdf: derivation, nonce: Data(box.nonce).base64EncodedString(),
                                         sealed: (box.ciphertext + box.tag).base64EncodedString())
            try AtomicFile.write(try JSONEncoder().encode(file), to: path, permissions: 0o600)
        } catch {
            throw KeyError(.storage, "cannot write the keyring \(path): \(error)")
        }
    }
}

extension JSONEncoder {
    static var rampart: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        return encoder
    }
}

extension JSONDecoder {
    static var rampart: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
