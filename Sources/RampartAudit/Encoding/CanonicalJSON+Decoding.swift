import Foundation

extension CanonicalJSON: Decodable {
    /// Reads JSON back into values (a number with a fraction or out of the 64-bit range is not one of them).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([CanonicalJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: CanonicalJSON].self))
        }
    }

    /// Parses a stored event (or any JSON text of the kinds above), straight from its bytes.
    public init(parsing bytes: [UInt8]) throws {
        self = try CanonicalJSONParser.parse(bytes)
    }

    /// The value at `key` of an object.
    public subscript(key: String) -> CanonicalJSON? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    /// The string, if this is one.
    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer, if this is one.
    public var int: Int64? {
        if case .int(let value) = self { return value }
        return nil
    }
}
