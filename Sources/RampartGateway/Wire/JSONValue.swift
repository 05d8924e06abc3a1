public import Foundation
import RampartCore

/// A JSON document as a value, so fields the gateway does not interpret pass through unchanged.
public enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value.rounded() == value, abs(value) < 1e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The element at `index` of an array; nil for anything else or out of range.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let array) = self, array.indices.contains(index) { return array[index] }
        return nil
    }

    /// A count an upstream reports (tokens): a number from 0 to 10^12, rounded down; nil for anything else. An
    /// upstream's number is never trusted to fit an `Int` (converting 1e300 would stop the process).
    public var count: Int? {
        guard case .number(let number) = self, number >= 0, number <= 1e12 else { return nil }
        return Int(number)
    }

    /// What the value is, for error messages.
    var kind: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// Parses request bodies into `JSONValue`, refusing nesting deeper than a bound before any recursive decoding.
public enum JSONBody {
    /// How deep objects and arrays may nest.
    public static let maximumDepth = 32

    /// The deepest nesting of the document, counted without decoding it (strings are skipped).
    static func depth(of bytes: some Collection<UInt8>) -> Int {
        var depth = 0, deepest = 0, inString = false, escaped = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
        }
        return deepest
    }

    /// Decodes a typed body; the error names the key path that is wrong.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(GatewayError) -> T {
        guard depth(of: data) <= maximumDepth else {
            throw GatewayError.invalidRequest("the JSON body nests deeper than \(maximumDepth) levels", code: "json_too_deep")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw GatewayError.invalidRequest("missing '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'", param: key.stringValue)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw GatewayError.invalidRequest("wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'")
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw GatewayError.invalidRequest("invalid value at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'")
        } catch {
            throw GatewayError.invalidRequest("the body is not valid JSON", code: "invalid_json")
        }
    }

    /// Parses a request body; nesting deeper than `maximumDepth` has its own code.
    public static func parse(_ bytes: some Sequence<UInt8>) throws(GatewayError) -> JSONValue {
        do {
            return try JSONValue(parsing: bytes, maximumDepth: maximumDepth)
        } catch where error.kind == .tooDeep {
            throw GatewayError.invalidRequest("the JSON body nests deeper than \(maximumDepth) levels", code: "json_too_deep")
        } catch {
            throw GatewayError.invalidRequest("the body is not valid JSON (\(error))", code: "invalid_json")
        }
    }
}
