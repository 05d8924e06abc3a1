import Crypto
import Foundation
import Logging
import RampartAudit
import RampartCore
import RampartKeys
import RampartStorage

/// Builds the audit log from the configuration: its signing key (derived from the server secret, so a copy of the
/// database alone cannot sign), the sealing of personal facts under each data subject's key (`subject:REF`), and
/// the keyed reference REF that finds a subject's entries and key without naming the subject anywhere.
enum AuditAssembly {
    /// The Ed25519 key that signs checkpoints, under the log's origin.
    static func signer(serverSecret: [UInt8], origin: String) -> NoteSigner {
        derivedSigner(serverSecret: serverSecret, purpose: "checkpoint-signing-v1", name: origin)
    }

    /// The Ed25519 key that signs erasure receipts: another key than the checkpoints', under `ORIGIN/erasure`, so that
    /// neither kind of note can pass for the other.
    static func receiptSigner(serverSecret: [UInt8], origin: String) -> NoteSigner {
        derivedSigner(serverSecret: serverSecret, purpose: "erasure-receipt-signing-v1", name: origin + "/erasure")
    }

    /// The Ed25519 key that signs evidence bundles' manifests, under `ORIGIN/evidence`.
    static func evidenceSigner(serverSecret: [UInt8], origin: String) -> NoteSigner {
        derivedSigner(serverSecret: serverSecret, purpose: "evidence-bundle-signing-v1", name: origin + "/evidence")
    }

    static func derivedSigner(serverSecret: [UInt8], purpose: String, name: String) -> NoteSigner {
        let seed = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: serverSecret), salt: Array("rampart-audit".utf8),
                                          info: Array(purpose.utf8), outputByteCount: 32)
        // Any 32 bytes are an Ed25519 seed: this cannot fail.
        let key = seed.withUnsafeBytes { try! Curve25519.Signing.PrivateKey(rawRepresentation: Data($0)) }
        return NoteSigner(name: name, key: key)
    }

    /// A keyed reference to a data subject: the same for every entry of the subject, and useless without the secret.
    static func subjectReference(serverSecret: [UInt8]) -> @Sendable (_ tenant: String, _ subject: String) -> String {
        let key = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: serverSecret), salt: Array("rampart-audit".utf8),
                                         info: Array("subject-reference-v1".utf8), outputByteCount: 32)
        return { tenant, subject in
            let mac = HMAC<SHA256>.authenticationCode(for: Array(tenant.utf8) + [0] + Array(subject.utf8), using: key)
            return Hex.encode(Array(mac).prefix(16))
        }
    }

    /// Opens the log on the database, sealing personal facts with `keys` (as Rampart itself).
    /// `tail`, when given, receives the events as they are committed (for detection in the same process).
    static func log(context: RampartContext, database: Database, keys: KeyHierarchy, serverSecret: [UInt8], tail: AuditTail? = nil) async throws(AuditError) -> AuditLog {
        let reference = subjectReference(serverSecret: serverSecret)
        let sealer = keys.acting(as: .rampart)
        let clock = context.clock
        return try await AuditLog.open(
            store: AuditStore(database: database), signer: signer(serverSecret: serverSecret, origin: context.configuration.audit.origin),
            sealing: { personal, objectID in
                let plaintext = CanonicalJSON.object(personal.facts.mapValues { .string($0) }).encoded
                // The subject's key is named by the keyed reference too, so the key catalog never holds the subject's id.
                let subject = reference(personal.tenant, personal.subject)
                let envelope = try await sealer.sealPersonal(plaintext, tenant: personal.tenant, subject: subject, objectID: objectID)
                return SealedPersonal(tenant: personal.tenant, subjectReference: subject, envelope: envelope)
            },
            tail: tail, now: { clock.now }, logger: context.logger)
    }
}
