public import Crypto
import Foundation

/// A C2SP signed note: a text, a blank line, and one signature line per signer,
/// `— <name> <base64(key id ‖ signature)>`, where the key id is the first four bytes of
/// SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key) for an Ed25519 key.
public struct SignedNote: Sendable, Hashable {
    public var text: String
    public var signatures: [Signature]

    public struct Signature: Sendable, Hashable {
        public var name: String
        public var keyID: UInt32
        public var bytes: [UInt8]
    }

    public init(text: String, signatures: [Signature]) {
        self.text = text
        self.signatures = signatures
    }

    /// The note as it is written and sent.
    public var rendered: String {
        text + "\n" + signatures.map { "\u{2014} \($0.name) \(Data(withUnsafeBytes(of: $0.keyID.bigEndian, Array.init) + $0.bytes).base64EncodedString())\n" }.joined()
    }

    /// Reads a note; it must have at least one signature line, and nothing after them.
    public init(parsing note: String) throws(AuditError) {
        guard let split = note.range(of: "\n\n", options: .backwards) else {
            throw AuditError(.malformedCheckpoint, "a signed note has its text, a blank line, then its signatures")
        }
        let text = String(note[..<split.lowerBound]) + "\n"
        let lines = note[split.upperBound...].split(separator: "\n", omittingEmptySubsequences: false)
        guard note.hasSuffix("\n"), lines.count >= 2, lines.last == "" else {
            throw AuditError(.malformedCheckpoint, "a signed note ends with a newline after its last signature")
        }
        var signatures: [Signature] = []
        for line in lines.dropLast() {
            let parts = line.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0] == "\u{2014}", !parts[1].isEmpty,
                  let blob = Data(base64Encoded: String(parts[2])), blob.count > 4
            else { throw AuditError(.malformedCheckpoint, "a signature line reads '— NAME BASE64'") }
            let id = blob.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            signatures.append(Signature(name: String(parts[1]), keyID: id, bytes: Array(blob.dropFirst(4))))
        }
        self.init(text: text, signatures: signatures)
    }
}

/// The Ed25519 key that signs checkpoints, under a name (the log's origin).
public struct NoteSigner: Sendable {
    public let name: String
    let key: Curve25519.Signing.PrivateKey

    public init(name: String, key: Curve25519.Signing.PrivateKey) {
        self.name = name
        self.key = key
    }

    /// The matching verifier.
    public var verifier: NoteVerifier { NoteVerifier(name: name, publicKey: key.publicKey) }

    /// Signs `text` (which must end in a newline).
    public func sign(_ text: String) throws(AuditError) -> SignedNote {
        do {
            let signature = try key.signature(for: Array(text.utf8))
            return SignedNote(text: text, signatures: [.init(name: name, keyID: verifier.keyID, bytes: Array(signature))])
        } catch {
            throw AuditError(.signing, "the checkpoint cannot be signed: \(error)")
        }
    }
}

/// An Ed25519 public key under a name; written as `name+hex(key id)+base64(0x01 ‖ key)`, the C2SP verifier key form.
public struct NoteVerifier: Sendable, Hashable {
    public let name: String
    public let publicKey: Curve25519.Signing.PublicKey

    public init(name: String, publicKey: Curve25519.Signing.PublicKey) {
        self.name = name
        self.publicKey = publicKey
    }

    public static func == (lhs: NoteVerifier, rhs: NoteVerifier) -> Bool {
        lhs.name == rhs.name && lhs.publicKey.rawRepresentation == rhs.publicKey.rawRepresentation
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(publicKey.rawRepresentation)
    }

    public var keyID: UInt32 {
        var hasher = SHA256()
        hasher.update(data: Array(name.utf8) + [0x0A, 0x01])
        hasher.update(data: publicKey.rawRepresentation)
        return hasher.finalize().prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    /// The verifier key string operators hand to auditors.
    public var encoded: String {
        return "\(name)+\(String(keyID, radix: 16).leftPadded(8))+\(Data([0x01] + publicKey.rawRepresentation).base64EncodedString())"
    }

    /// Reads a verifier key string.
    public init(encoded: String) throws(AuditError) {
        // The name and the id hold no '+'; the base64 key may.
        let parts = encoded.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, let blob = Data(base64Encoded: String(parts[2])), blob.count == 33, blob.first == 0x01,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: blob.dropFirst())
        else { throw AuditError(.malformedCheckpoint, "a verifier key reads NAME+KEYID+BASE64 with an Ed25519 key") }
        self.init(name: String(parts[0]), publicKey: key)
        guard String(keyID, radix: 16).leftPadded(8) == parts[1] else {
            throw AuditError(.malformedCheckpoint, "the verifier key's id does not match its name and key")
        }
    }

    /// Whether one of the note's signatures is this key's, over the note's text.
    public func verifies(_ note: SignedNote) -> Bool {
        note.signatures.contains { $0.name == name && $0.keyID == keyID && publicKey.isValidSignature($0.bytes, for: Array(note.text.utf8)) }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
