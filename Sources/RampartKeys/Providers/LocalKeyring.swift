public import Crypto
import CryptoExtras
import Foundation

/// The local provider's keyring file: the key-encryption keys, sealed with AES-256-GCM under a key derived from a
/// passphrase (scrypt, memory-hard) or given directly (a key file).
///
/// ```json
/// {"format": "rampart-keyring-v1",
///  "kdf": {"algorithm": "scrypt", "log2_n": 15, "r": 8, "p": 1, "salt": "<base64>"},   // or {"algorithm": "none"}
///  "nonce": "<base64>", "sealed": "<base64 ciphertext and tag>"}
/// ```
/// The sealed JSON holds each key's material, creation time and, once destroyed, only a tombstone.
struct LocalKeyring: Codable, Sendable {
    struct Entry: Codable, Sendable {
        var label: String
        /// The key's 32 bytes, base64; nil once destroyed.
        var material: String?
        var created: Date
        var destroyed: Date?
    }

    var keys: [String: Entry] = [:]
}

/// How the keyring file's sealing key is derived, as stored in the file.
struct KeyringDerivation: Codable, Sendable, Hashable {
    var algorithm: String
    var log2N: Int?
    var r: Int?
    var p: Int?
    var salt: String?

    enum CodingKeys: String, CodingKey {
        case algorithm, r, p, salt
        case log2N = "log2_n"
    }

    /// scrypt with N = 2^15, r = 8, p = 1: 32 MiB of memory and about 0.1 s a derivation on these machines.
    static func scrypt(salt: [UInt8]) -> KeyringDerivation {
        KeyringDerivation(algorithm: "scrypt", log2N: 15, r: 8, p: 1, salt: Data(salt).base64EncodedString())
    }

    static let none = KeyringDerivation(algorithm: "none")
}

struct SealedKeyringFile: Codable, Sendable {
    var format: String
    var kdf: KeyringDerivation
    var nonce: String
    var sealed: String

    static let format = "rampart-keyring-v1"
}

/// What unlocks a keyring: a passphrase, or the 32 bytes of a key file.
public enum KeyringSecret: Sendable {
    case passphrase(String)
    case key(SymmetricKey)
}

extension KeyringDerivation {
    func sealingKey(_ secret: KeyringSecret) throws(KeyError) -> SymmetricKey {
        switch (algorithm, secret) {
        case ("none", .key(let key)):
            return key
        case ("scrypt", .passphrase(let passphrase)):
            guard let log2N, let r, let p, (10...22).contains(log2N), (1...32).contains(r), (1...16).contains(p),
                  let salt = salt.flatMap({ Data(base64Encoded: $0) }), salt.count >= 16
            else { throw KeyError(.malformed, "the keyring's scrypt parameters are out of range") }
            do {
                return try KDF.Scrypt.deriveKey(from: Array(passphrase.utf8), salt: salt, outputByteCount: 32, rounds: 1 << log2N,
                                                blockSize: r, parallelism: p, maxMemory: 256 << 20)
            } catch {
                throw KeyError(.malformed, "scrypt failed: \(error)")
            }
        case ("none", .passphrase):
            throw KeyError(.wrongPassphrase, "this keyring is sealed by a key file, not a passphrase")
        case ("scrypt", .key):
            throw KeyError(.wrongPassphrase, "this keyring is sealed by a passphrase, not a key file")
        default:
            throw KeyError(.malformed, "unknown keyring derivation '\(algorithm)'")
        }
    }
}
