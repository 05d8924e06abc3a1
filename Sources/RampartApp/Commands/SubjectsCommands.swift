import Foundation
public import RampartAudit
import RampartCore
import RampartKeys
import RampartPrivacy
import RampartStorage

/// `rampart subjects erase|verify-receipt`: the right to erasure, reconciled with an immutable log.
///
/// A data subject's personal facts are sealed in the audit log under the subject's own key (`subject:REF`, REF a
/// keyed reference). Erasing the subject destroys that key in every provider, so the sealed facts read as erased
/// while every leaf hash, and so the log, still verifies; it deletes the subject's values from the pseudonym vault,
/// records the erasure in the log and signs a receipt of what was destroyed.
public enum SubjectsCommands {
    /// What one erasure did.
    public struct Erasure: Sendable {
        public var receipt: ErasureReceipt
        public var note: SignedNote
    }

    /// Erases the subject `subject` of `tenant`; `values` are further values of the subject (an e-mail address, a
    /// phone number) whose pseudonyms the vault may hold, beside the subject's id itself. Writes the signed receipt
    /// to `receiptFile` (whole, or not at all) when given.
    public static func erase(subject: String, tenant: String, values: [String], receiptFile: String?, context: RampartContext) async throws
        -> CommandOutput
    {
        guard !subject.isEmpty, !tenant.isEmpty else {
            throw InputErrors(InputError(.invalidValue, "a subject is erased by its id within a tenant; both must be given"))
        }
        let erasure = try await erase(subject: subject, tenant: tenant, values: values, context: context)
        let receipt = erasure.receipt
        var text = """
            erased subject \(receipt.subjectReference) of \(tenant) (the subject's id is kept nowhere; this is its keyed reference)
              provider keys destroyed: \(receipt.providerKeysDestroyed) (\(receipt.keyVersionsDestroyed) key version(s))
              pseudonym vault entries deleted: \(receipt.vaultEntriesDeleted)
              audit entries whose personal facts now read as erased: \(receipt.sealedAuditEntries)
              recorded as audit entry \(receipt.auditEntry), under a new signed checkpoint

            """
        if let receiptFile {
            try AtomicFile.write(erasure.note.rendered, to: receiptFile)
            text += "signed receipt written to \(receiptFile)\n"
        } else {
            text += "signed receipt:\n" + erasure.note.rendered
        }
        return CommandOutput(text)
    }

    static func erase(subject: String, tenant: String, values: [String], context: RampartContext) async throws -> Erasure {
        let serverSecret = try APIKeySecret.resolve(context: context)
        let reference = AuditAssembly.subjectReference(serverSecret: serverSecret)(tenant, subject)
        let owner = "subject:\(reference)"
        return try await KeysCommands.withHierarchy(context) { keys, database, trail in
            // The log is opened first: an erasure that could not be recorded is not made.
            let log = try await trail.log()
            let standing = try await keys.catalog.versions(tenant: tenant, owner: owner).filter { $0.destroyed == nil }
            let providerKeys = standing.isEmpty ? 0 : try await keys.shred(tenant: tenant, owner: owner)
            let vault = PseudonymVault(database: database, secret: serverSecret, keys: keys, now: { context.clock.now })
            let deleted = try await vault.erase(values: [subject] + values, tenant: tenant)
            let store = log.store
            let sealed = try await store.sequences(subjectReference: reference).count
            let origin = context.configuration.audit.origin
            let erasedAt = context.clock.now
            var event = AuditEvent(operator: OperatorAction("subject.erase", object: ["tenant": .string(tenant), "subject_ref": .string(reference)]),
                                   time: erasedAt, outcome: .object(["result": .string("success")]))
            event.facts["destroyed"] = .object([
                "provider_keys": .int(Int64(providerKeys)), "key_versions": .int(Int64(standing.count)),
                "vault_entries": .int(Int64(deleted)), "sealed_audit_entries": .int(Int64(sealed)),
            ])
            // The shred's key uses go first, then the erasure itself, each durable.
            guard let sequence = try await trail.flush(then: event) else {
                throw AuditError(.inconsistent, "the erasure's audit entry was not appended")
            }
            _ = try await log.checkpoint()
            guard let row = try await store.entries(after: sequence - 1, limit: 1).first, row.sequence == sequence,
                  let leaf = TreeHash(row.leafHash)
            else { throw AuditError(.inconsistent, "the erasure's audit entry \(sequence) cannot be read back") }
            let receipt = ErasureReceipt(
                origin: origin, tenant: tenant, subjectReference: reference, erasedAt: erasedAt, providerKeysDestroyed: providerKeys,
                keyVersionsDestroyed: standing.count, vaultEntriesDeleted: deleted, sealedAuditEntries: sealed, auditEntry: sequence, auditLeaf: leaf)
            return Erasure(receipt: receipt, note: try receipt.signed(by: AuditAssembly.receiptSigner(serverSecret: serverSecret, origin: origin)))
        }
    }

    /// The verifier key of erasure receipts, to hand to data subjects and auditors.
    public static func receiptKey(context: RampartContext) throws -> CommandOutput {
        let signer = AuditAssembly.receiptSigner(serverSecret: try APIKeySecret.resolve(context: context), origin: context.configuration.audit.origin)
        return CommandOutput(signer.verifier.encoded + "\n")
    }

    /// Checks a receipt: its signature (with `verifierKey`, or the operator's receipt key), and, when the log is at
    /// hand, that the log still holds the erasure's entry with the leaf hash the receipt names.
    public static func verifyReceipt(file: String, verifierKey: String?, checkLog: Bool, context: RampartContext) async throws -> CommandOutput {
        guard let data = FileManager.default.contents(atPath: file) else { throw InputErrors(InputError(.unreadable, "cannot read \(file)")) }
        let receipt: ErasureReceipt
        let verifier: NoteVerifier
        do {
            let note = try SignedNote(parsing: String(decoding: data, as: UTF8.self))
            verifier = try verifierKey.map(NoteVerifier.init(encoded:))
                ?? AuditAssembly.receiptSigner(serverSecret: try APIKeySecret.resolve(context: context), origin: context.configuration.audit.origin).verifier
            receipt = try ErasureReceipt(text: note.text)
            guard verifier.verifies(note) else {
                return CommandOutput("FAILED: the receipt's signature does not verify with \(verifier.name)'s key\n", exitCode: 1)
            }
        } catch let error as AuditError {
            throw InputErrors(InputError(.invalidValue, "\(file): \(error.message)", at: SourceLocation(file: file)))
        }
        var text = "the receipt is signed by \(verifier.name): subject \(receipt.subjectReference) of \(receipt.tenant) erased at "
            + "\(AuditEvent.timestamp(receipt.erasedAt))\n"
        guard checkLog else { return CommandOutput(text) }
        let stored = try await context.withStorage { database in
            try await AuditStore(database: database).entries(after: receipt.auditEntry - 1, limit: 1).first
        }
        guard let stored, stored.sequence == receipt.auditEntry, stored.leafHash == receipt.auditLeaf.bytes else {
            return CommandOutput(text + "FAILED: the log does not hold the erasure's entry \(receipt.auditEntry) with the receipt's leaf hash\n", exitCode: 1)
        }
        text += "OK: the log holds the erasure as entry \(receipt.auditEntry)\n"
        return CommandOutput(text)
    }
}
