import Crypto
import Foundation
@testable import RampartAudit
import Testing

/// Erasure receipts: the text round-trips, the signature binds every fact, and a malformed receipt is named.
@Suite struct ErasureReceiptTests {
    static let receipt = ErasureReceipt(
        origin: "rampart.local/audit", tenant: "acme", subjectReference: "cfee4872b53dbec445290f21ee2bbb2c",
        erasedAt: Date(timeIntervalSince1970: 1_795_000_000.25), providerKeysDestroyed: 2, keyVersionsDestroyed: 1, vaultEntriesDeleted: 3,
        sealedAuditEntries: 14, auditEntry: 211, auditLeaf: TreeHash.leaf(Array("entry".utf8)))
    static let signer = NoteSigner(name: "rampart.local/audit/erasure", key: Curve25519.Signing.PrivateKey())

    @Test func aReceiptRoundTripsThroughItsSignedNote() throws {
        let note = try Self.receipt.signed(by: Self.signer)
        let read = try SignedNote(parsing: note.rendered)
        #expect(Self.signer.verifier.verifies(read))
        #expect(try ErasureReceipt(text: read.text) == Self.receipt)
    }

    @Test(arguments: [
        ("sealed_audit_entries 14", "sealed_audit_entries 15"),
        ("tenant acme", "tenant globex"),
        ("audit_entry 211", "audit_entry 210"),
    ])
    func changingAnyFactBreaksTheSignature(original: String, altered: String) throws {
        let note = try Self.receipt.signed(by: Self.signer)
        let forged = try SignedNote(parsing: note.rendered.replacingOccurrences(of: original, with: altered))
        #expect(forged.text != note.text)
        #expect(!Self.signer.verifier.verifies(forged))
    }

    @Test(arguments: [
        ("rampart erasure receipt v1\n", "does not begin with"),
        ("tenant acme\n", "has no tenant"),
        ("audit_entry 211\n", "has no audit_entry"),
        ("vault_entries_deleted 3\n", "has no vault_entries_deleted"),
    ])
    func aReceiptMissingAPartIsNamed(line: String, message: String) {
        let text = Self.receipt.text.replacingOccurrences(of: line, with: "")
        #expect(throws: AuditError.self) { try ErasureReceipt(text: text) }
        do { _ = try ErasureReceipt(text: text) } catch { #expect(error.code == .malformedReceipt && error.message.contains(message), "\(error)") }
    }

    @Test(arguments: [
        ("vault_entries_deleted 3", "vault_entries_deleted -3", "not a count"),
        ("vault_entries_deleted 3", "vault_entries_deleted 03", "not a count"),
        ("erased_at 2026", "erased_at 2026x", "not a UTC timestamp"),
        ("tenant acme", "tenant acme\ntenant globex", "names tenant twice"),
        ("tenant acme", "tenant acme\nsubject alice", "names 'subject'"),
        ("tenant acme", "tenantacme", "without a value"),
    ])
    func aMalformedReceiptIsNamed(original: String, altered: String, message: String) {
        let text = Self.receipt.text.replacingOccurrences(of: original, with: altered)
        do {
            _ = try ErasureReceipt(text: text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.code == .malformedReceipt && error.message.contains(message), "\(error)")
        }
    }

    @Test(arguments: ["2026-11-22T10:15:00.000Z", "1970-01-01T00:00:00.001Z"])
    func timestampsRoundTrip(text: String) throws {
        let date = try #require(AuditEvent.parseTimestamp(text))
        #expect(AuditEvent.timestamp(date) == text)
    }

    @Test(arguments: ["2026-11-22T10:15:00Z", "2026-11-22T10:15:00.000+01:00", "2026-13-22T10:15:00.000Z", ""])
    func otherTimestampFormsAreRefused(text: String) {
        #expect(AuditEvent.parseTimestamp(text) == nil)
    }

    @Test func canonicalJSONReadsBackWhatItWrote() throws {
        let value = CanonicalJSON.object([
            "b": .bool(true), "i": .int(-42), "big": .int(Int64.max), "s": .string("tab\t\"q\" é"), "n": .null,
            "a": .array([.int(1), .bool(false), .object([:])]),
        ])
        #expect(try CanonicalJSON(parsing: value.encoded) == value)
        #expect(throws: (any Error).self) { try CanonicalJSON(parsing: Array("[1.5]".utf8)) }
    }
}
