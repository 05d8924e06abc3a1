public import Foundation
import RampartCore

/// What an erasure destroyed, signed so that the data subject (or an auditor) can hold Rampart to it.
///
/// The receipt names the subject only by its keyed reference (the subject's id is in no record Rampart keeps), and
/// binds itself to the log: the audit entry that records the erasure, by sequence number and leaf hash. It is a C2SP
/// signed note whose text is one `key value` line per fact:
///
/// ```
/// rampart erasure receipt v1
/// origin rampart.local/audit
/// tenant acme
/// subject_ref 6f1c…
/// erased_at 2026-11-22T10:15:00.000Z
/// provider_keys_destroyed 2
/// key_versions_destroyed 1
/// vault_entries_deleted 3
/// sealed_audit_entries 14
/// audit_entry 211
/// audit_leaf 4bf5…
/// ```
public struct ErasureReceipt: Sendable, Hashable {
    public static let header = "rampart erasure receipt v1"

    public var origin: String
    public var tenant: String
    public var subjectReference: String
    public var erasedAt: Date
    /// Key-encryption keys destroyed in the providers (every copy of every version).
    public var providerKeysDestroyed: Int
    public var keyVersionsDestroyed: Int
    public var vaultEntriesDeleted: Int
    /// Audit entries whose personal facts were sealed under the subject's keys, and now read as erased.
    public var sealedAuditEntries: Int
    /// The audit entry that records the erasure.
    public var auditEntry: Int
    public var auditLeaf: TreeHash

    public init(origin: String, tenant: String, subjectReference: String, erasedAt: Date, providerKeysDestroyed: Int,
                keyVersionsDestroyed: Int, vaultEntriesDeleted: Int, sealedAuditEntries: Int, auditEntry: Int, auditLeaf: TreeHash) {
        self.origin = origin
        self.tenant = tenant
        self.subjectReference = subjectReference
        self.erasedAt = erasedAt
        self.providerKeysDestroyed = providerKeysDestroyed
        self.keyVersionsDestroyed = keyVersionsDestroyed
        self.vaultEntriesDeleted = vaultEntriesDeleted
        self.sealedAuditEntries = sealedAuditEntries
        self.auditEntry = auditEntry
        self.auditLeaf = auditLeaf
    }

    /// The note text: the header, then one `key value` line per fact, each ending in a newline.
    public var text: String {
        let lines = [
            Self.header, "origin \(origin)", "tenant \(tenant)", "subject_ref \(subjectReference)", "erased_at \(AuditEvent.timestamp(erasedAt))",
            "provider_keys_destroyed \(providerKeysDestroyed)", "key_versions_destroyed \(keyVersionsDestroyed)",
            "vault_entries_deleted \(vaultEntriesDeleted)", "sealed_audit_entries \(sealedAuditEntries)", "audit_entry \(auditEntry)",
            "audit_leaf \(auditLeaf)",
        ]
        return lines.map { $0 + "\n" }.joined()
    }

    /// Signs the receipt.
    public func signed(by signer: NoteSigner) throws(AuditError) -> SignedNote { try signer.sign(text) }

    /// Reads a receipt from a signed note's text; every fact must be there, once, and nothing else.
    public init(text: String) throws(AuditError) {
        func malformed(_ message: String) -> AuditError { AuditError(.malformedReceipt, "the erasure receipt \(message)") }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard text.hasSuffix("\n"), lines.removeLast() == "", lines.first == Substring(Self.header) else {
            throw malformed("does not begin with '\(Self.header)' or does not end with a newline")
        }
        var facts: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let space = line.firstIndex(of: " ") else { throw malformed("has a line without a value: '\(line)'") }
            let key = String(line[..<space])
            guard facts.updateValue(String(line[line.index(after: space)...]), forKey: key) == nil else { throw malformed("names \(key) twice") }
        }
        func string(_ key: String) throws(AuditError) -> String {
            guard let value = facts.removeValue(forKey: key), !value.isEmpty else { throw malformed("has no \(key)") }
            return value
        }
        func count(_ key: String) throws(AuditError) -> Int {
            let value = try string(key)
            guard let number = Int(value), number >= 0, String(number) == value else { throw malformed("has \(key) '\(value)', not a count") }
            return number
        }
        let origin = try string("origin"), tenant = try string("tenant"), reference = try string("subject_ref")
        let timestamp = try string("erased_at")
        guard let erasedAt = AuditEvent.parseTimestamp(timestamp) else { throw malformed("has erased_at '\(timestamp)', not a UTC timestamp") }
        let leafText = try string("audit_leaf")
        guard let leafBytes = Hex.decode(leafText), let leaf = TreeHash(leafBytes) else { throw malformed("has audit_leaf '\(leafText)', not 32 bytes of hex") }
        self.init(origin: origin, tenant: tenant, subjectReference: reference, erasedAt: erasedAt,
                  providerKeysDestroyed: try count("provider_keys_destroyed"), keyVersionsDestroyed: try count("key_versions_destroyed"),
                  vaultEntriesDeleted: try count("vault_entries_deleted"), sealedAuditEntries: try count("sealed_audit_entries"),
                  auditEntry: try count("audit_entry"), auditLeaf: leaf)
        if let unknown = facts.keys.sorted().first { throw malformed("names '\(unknown)', which a v1 receipt does not have") }
    }
}
