/// What a key or a ciphertext is bound to: the tenant, the key's owner (`tenant`, `workload:NAME`, `model:NAME`,
/// `subject:ID`), the purpose (`logs`, `vault`, `datasets`, `artifacts`, ...), the object and the key version.
///
/// Local and HSM providers use `encoded` as AES-GCM associated data; AWS KMS takes `fields` as its encryption
/// context (which it binds the same way and records in CloudTrail). Decrypting under any other context fails.
public struct EncryptionContext: Sendable, Hashable {
    public var tenant: String
    public var owner: String
    public var purpose: String
    public var objectID: String
    public var keyVersion: Int

    public init(tenant: String, owner: String, purpose: String, objectID: String, keyVersion: Int) {
        self.tenant = tenant
        self.owner = owner
        self.purpose = purpose
        self.objectID = objectID
        self.keyVersion = keyVersion
    }

    /// The fields in their one order, named as KMS encryption context keys.
    public var fields: [(name: String, value: String)] {
        [("rampart:tenant", tenant), ("rampart:owner", owner), ("rampart:purpose", purpose), ("rampart:object", objectID),
         ("rampart:key-version", String(keyVersion))]
    }

    /// An unambiguous encoding: a format tag, then each field as its name and value, each prefixed by its length
    /// (32 bits, big-endian). Two contexts that differ in any field encode differently, whatever bytes they hold.
    public var encoded: [UInt8] {
        var out = Array("rampart-context-v1".utf8)
        for (name, value) in fields {
            for part in [name, value] {
                let bytes = Array(part.utf8)
                withUnsafeBytes(of: UInt32(bytes.count).bigEndian) { out += $0 }
                out += bytes
            }
        }
        return out
    }
}
