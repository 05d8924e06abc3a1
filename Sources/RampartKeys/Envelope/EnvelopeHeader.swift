/// The versioned header every ciphertext Rampart stores starts with: the key version, a commitment to the data key,
/// and one or more wrapped copies of the data key (more than one for a hybrid tenant: an HSM and a cloud KMS,
/// either opens it).
///
/// ```
/// magic "RMP" + kind byte ('E' envelope, 'S' segmented stream) | format version (2)
/// key version (u32) | commitment (32 bytes) | copies (u8) | per copy: provider, key id, wrapped key (each u16 length + bytes)
/// ```
/// All integers are big-endian. The payload is bound to ``bound`` (magic, kind, format, commitment) and not to the
/// key version or the copies: rewrapping replaces those and leaves the payload as it is. The key version is bound
/// where it matters, in each copy's wrapping context; the commitment binds the data key itself.
public struct EnvelopeHeader: Sendable, Hashable {
    public var kind: UInt8
    public var keyVersion: Int
    public var commitment: [UInt8]
    public var copies: [WrappedDataKey]

    static let magic = Array("RMP".utf8)
    static let formatVersion: UInt8 = 2
    public static let envelopeKind = UInt8(ascii: "E")
    public static let streamKind = UInt8(ascii: "S")

    public init(kind: UInt8, keyVersion: Int, commitment: [UInt8], copies: [WrappedDataKey]) {
        self.kind = kind
        self.keyVersion = keyVersion
        self.commitment = commitment
        self.copies = copies
    }

    /// The bytes the payload is bound to: everything a rewrap keeps.
    public var bound: [UInt8] { Self.magic + [kind, Self.formatVersion] + commitment }

    /// The header's bytes. At most 255 copies, and names and wrapped keys of at most 65,535 bytes each (a KMS
    /// ciphertext is a few hundred).
    public var encoded: [UInt8] {
        precondition(copies.count <= 255, "an envelope holds at most 255 wrapped copies")
        precondition(commitment.count == 32, "a commitment is 32 bytes")
        var out = Self.magic + [kind, Self.formatVersion]
        withUnsafeBytes(of: UInt32(keyVersion).bigEndian) { out += $0 }
        out += commitment
        out.append(UInt8(copies.count))
        for copy in copies {
            for part in [Array(copy.provider.utf8), Array(copy.keyID.utf8), copy.wrapped] {
                withUnsafeBytes(of: UInt16(part.count).bigEndian) { out += $0 }
                out += part
            }
        }
        return out
    }

    /// Reads a header from the start of `bytes`; returns it and its length. `what` names the object in errors.
    public static func parse(_ bytes: some Collection<UInt8>, kind: UInt8, what: String) throws(KeyError) -> (EnvelopeHeader, Int) {
        let bytes = Array(bytes.prefix(64 * 1024))
        var i = 0
        func take(_ count: Int) throws(KeyError) -> ArraySlice<UInt8> {
            guard count >= 0, bytes.count - i >= count else { throw KeyError(.malformed, "\(what): the header is cut short") }
            defer { i += count }
            return bytes[i..<i + count]
        }
        func integer(_ count: Int) throws(KeyError) -> Int { try take(count).reduce(0) { $0 << 8 | Int($1) } }
        guard Array(try take(3)) == magic else { throw KeyError(.malformed, "\(what) is not Rampart ciphertext") }
        let found = try take(1).first!
        guard found == kind else {
            throw KeyError(.malformed, "\(what) is a Rampart \(found == streamKind ? "segmented stream" : "envelope"), not the kind expected here")
        }
        let version = try take(1).first!
        guard version == formatVersion else { throw KeyError(.malformed, "\(what) has format version \(version); this Rampart reads version \(formatVersion)") }
        let keyVersion = try integer(4)
        let commitment = Array(try take(32))
        let count = try integer(1)
        guard count > 0 else { throw KeyError(.malformed, "\(what) holds no wrapped data key") }
        var copies: [WrappedDataKey] = []
        for _ in 0..<count {
            guard let provider = String(validating: try take(try integer(2)), as: UTF8.self),
                  let keyID = String(validating: try take(try integer(2)), as: UTF8.self)
            else { throw KeyError(.malformed, "\(what): a key name in the header is not UTF-8") }
            copies.append(WrappedDataKey(provider: provider, keyID: keyID, wrapped: Array(try take(try integer(2)))))
        }
        return (EnvelopeHeader(kind: kind, keyVersion: keyVersion, commitment: commitment, copies: copies), i)
    }
}
