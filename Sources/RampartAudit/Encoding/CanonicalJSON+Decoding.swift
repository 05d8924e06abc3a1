import Foundation
public import RampartCore

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

    /// Parses a stored event (or any JSON text of the kinds above), straight from its bytes: the log's readers
    /// (detection, the SIEM exports, `rampart audit show`) parse every stored event, and the decoder above, trying each
    /// kind of value in turn, costs about 140 µs a record.
    public init(parsing bytes: [UInt8]) throws(JSONReadError) {
        self = try JSONReader.parse(bytes, as: CanonicalJSON.self, maximumDepth: 64)
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

extension CanonicalJSON: JSONTree {
    /// Integers in the 64-bit range only: the text of a fraction varies between writers, so it has no canonical form.
    public static func number(_ number: JSONNumber) throws(JSONNumber.Refusal) -> CanonicalJSON {
        guard number.isIntegerText else { throw JSONNumber.Refusal("only integers are canonical numbers") }
        guard let integer = number.integer else { throw JSONNumber.Refusal("an integer outside the 64-bit range") }
        return .int(integer)
    }
}
