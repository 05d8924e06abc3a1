/// What a key or a ciphertext is bound to: the tenant, the key's owner (`tenant`, `workload:NAME`, `model:NAME`,
/// `subject:ID`), the purpose (`logs`, `vault`, `datasets`, `artifacts`, ...), and either the object or the key
/// version.
///
/// A context has two views. An object's ciphertext is bound to ``payload`` (tenant, owner, purpose, object id): it
/// opens only as that object, whichever key version wraps its data key, so rewrapping never touches it. A data key
/// is wrapped under ``wrapping(version:)`` (tenant, owner, purpose, key version): it unwraps only for that key and
/// version, and may serve a batch of objects.
///
/// Local and HSM providers use `encoded` as AES-GCM associated data; AWS KMS takes `fields` as its encryption
/// context (which it binds the same way and records in CloudTrail). Decrypting under any other context fails.
public struct EncryptionContext: Sendable, Hashable {
    public var tenant: String
    public var owner: String
    public var purpose: String
    /// The object the ciphertext is (nil in a data key's wrapping context).
    public var objectID: String?
    /// The key version a data key is wrapped under (nil in an object's payload context).
    public var keyVersion: Int?

    public init(tenant: String, owner: String, purpose: String, objectID: String? = nil, keyVersion: Int? = nil) {
        self.tenant = tenant
        self.owner = owner
        self.purpose = purpose
        self.objectID = objectID
        self.keyVersion = keyVersion
    }

    /// The context an object's payload is bound to: this one without a key version.
    public var payload: EncryptionContext { EncryptionContext(tenant: tenant, owner: owner, purpose: purpose, objectID: objectID) }

    /// The context a data key is wrapped in under `version`: this one without the object.
    public func wrapping(version: Int) -> EncryptionContext {
        EncryptionContext(tenant: tenant, owner: owner, purpose: purpose, keyVersion: version)
    }

    /// Names the object in messages.
    var what: String { objectID.map { "the object \($0)" } ?? "a key of \(tenant)/\(owner)/\(purpose)" }

    /// The fields that are set, in their one order, named as KMS encryption context keys.
    public var fields: [(name: String, value: String)] {
        var fields = [("rampart:tenant", tenant), ("rampart:owner", owner), ("rampart:purpose", purpose)]
        if let objectID { fields.append(("rampart:object", objectID)) }
        if let keyVersion { fields.append(("rampart:key-version", String(keyVersion))) }
        return fields
    }

    /// An unambiguous encoding: a format tag, then each field as its name and value, each prefixed by its length
    /// (32 bits, big-endian). Two contexts that differ in any field, or in which fields are set, encode differently,
    /// whatever bytes they hold.
    public var encoded: [UInt8] {
        var out = Array("rampart-context-v2".utf8)
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
