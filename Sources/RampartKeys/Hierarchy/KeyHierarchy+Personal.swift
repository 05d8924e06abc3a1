/// A personal field read back: its bytes, or `erased` once its data subject's keys were shredded.
public enum PersonalField: Sendable, Hashable {
    case value([UInt8])
    case erased
}

extension KeyHierarchy {
    /// Seals a personal field under its data subject's key (`subject:ID`), so shredding the subject erases it.
    public func sealPersonal(_ plaintext: [UInt8], tenant: String, subject: String, objectID: String) async throws(KeyError) -> [UInt8] {
        try await seal(plaintext, tenant: tenant, owner: "subject:\(subject)", purpose: "personal", objectID: objectID)
    }

    /// Reads a personal field: `erased` when its subject was shredded, so a batch of records reads on; any other
    /// failure (tampering, an unreachable provider, a denied caller) is still an error.
    public func openPersonal(_ envelope: [UInt8], tenant: String, subject: String, objectID: String) async throws(KeyError) -> PersonalField {
        do {
            return .value(try await open(envelope, tenant: tenant, owner: "subject:\(subject)", purpose: "personal", objectID: objectID))
        } catch where error.code == .keyDestroyed {
            return .erased
        }
    }
}
