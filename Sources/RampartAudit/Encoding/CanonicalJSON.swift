import RampartCore

/// JSON with exactly one encoding per value, so that a record's hash is a function of what it says: object keys
/// sorted by their UTF-8 bytes, no insignificant white space, integers only (no floats, whose text forms vary),
/// strings escaped minimally (`"`, `\`, and control characters as `\n`, `\t`, ... or `\u00XX`).
/// For the ASCII keys Rampart uses, this is the JSON Canonicalization Scheme (RFC 8785) restricted to integers.
public enum CanonicalJSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case string(String)
    case array([CanonicalJSON])
    case object([String: CanonicalJSON])

    /// The canonical bytes.
    public var encoded: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(to: &out)
        return out
    }

    func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): out.append(contentsOf: String(value).utf8)
        case .string(let value): JSONWriter.write(value, to: &out)
        case .array(let values): JSONWriter.write(array: values, to: &out) { $0.write(to: &$1) }
        case .object(let fields): JSONWriter.write(object: fields, to: &out) { $0.write(to: &$1) }
        }
    }
}

extension CanonicalJSON {
    /// An object without the fields whose value is nil, so an absent fact and a null are one encoding.
    public static func fields(_ pairs: KeyValuePairs<String, CanonicalJSON?>) -> CanonicalJSON {
        var object: [String: CanonicalJSON] = [:]
        for (key, value) in pairs { if let value { object[key] = value } }
        return .object(object)
    }
}
