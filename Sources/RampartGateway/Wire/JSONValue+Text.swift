public import RampartCore

/// JSON text to and from `JSONValue` without Foundation's coders: every request body, upstream answer, stream
/// event and response passes through here, and `JSONDecoder` into an enum (trying each kind of value in turn) was a
/// fifth of the gateway's CPU per request.
extension JSONValue: JSONTree {
    /// How deep upstream answers and stream events may nest (request bodies have `JSONBody.maximumDepth`).
    public static let maximumTextDepth = 128

    public static func number(_ number: JSONNumber) -> JSONValue { .number(number.double) }

    /// Parses JSON text.
    public init(parsing bytes: some Sequence<UInt8>, maximumDepth: Int = JSONValue.maximumTextDepth) throws(JSONReadError) {
        self = try JSONReader.parse(bytes, as: JSONValue.self, maximumDepth: maximumDepth)
    }

    /// The value as compact JSON text, object keys sorted by their UTF-8 bytes (the same value is the same bytes).
    public var jsonBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        write(to: &out)
        return out
    }

    /// Appends the value's JSON text (numbers as `JSONWriter.write(number:to:)` writes them).
    public func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let value): JSONWriter.write(number: value, to: &out)
        case .string(let value): JSONWriter.write(value, to: &out)
        case .array(let values): JSONWriter.write(array: values, to: &out) { $0.write(to: &$1) }
        case .object(let fields): JSONWriter.write(object: fields, to: &out) { $0.write(to: &$1) }
        }
    }
}
