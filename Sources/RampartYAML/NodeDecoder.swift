import Foundation
import RampartCore
import Yams

/// A `Decoder` positioned at one node of a YAML tree.
struct NodeDecoder: Decoder {
    let node: Node
    let codingPath: [any CodingKey]
    let ledger: DecodingLedger
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(node: Node, codingPath: [any CodingKey], ledger: DecodingLedger) {
        self.node = node
        self.codingPath = codingPath
        self.ledger = ledger
    }

    var location: SourceLocation { ledger.location(node, codingPath) }

    func error(_ code: InputError.Code, _ message: String) -> InputError {
        InputError(code, message, at: location)
    }

    /// Decodes `type` here, turning errors thrown by the type's own initialiser into located `InputError`s.
    /// Types may throw `DecodingError.dataCorrupted` or an `InputError` without a location; both get this node's.
    func decodeWrapped<T: Decodable>(_ type: T.Type) throws -> T {
        try ledger.visit(node, codingPath)
        do {
            if T.self == Date.self { return try decodeDate() as! T }
            return try T(from: self)
        } catch var error as InputError {
            // A type's own initialiser may throw an InputError without knowing where it is.
            if error.location == nil { error.location = location }
            throw error
        } catch let error as DecodingError {
            throw inputError(from: error)
        }
    }

    private func inputError(from error: DecodingError) -> InputError {
        switch error {
        case .dataCorrupted(let context):
            return self.error(.invalidValue, context.debugDescription)
        case .keyNotFound(let key, _):
            return InputError(.missingValue, "missing required key '\(key.stringValue)'",
                              at: ledger.location(node, codingPath + [key]))
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return self.error(.wrongType, context.debugDescription)
        @unknown default:
            return self.error(.invalidValue, "\(error)")
        }
    }

    /// What the node is, for messages: "a mapping", "a list", "null", "'text'".
    var kindDescription: String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if isNull { return "null" }
            let text = scalar.string.count > 40 ? String(scalar.string.prefix(40)) + "…" : scalar.string
            return "'\(text)'"
        }
    }

    var isNull: Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.style == .plain && node.tag.rawValue == Tag.Name.null.rawValue
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        switch node {
        case .mapping(let mapping):
            for (key, _) in mapping where key.scalar == nil {
                throw InputError(.wrongType, "mapping keys must be plain text",
                                 at: ledger.location(key, codingPath))
            }
            ledger.register(mapping, at: codingPath)
            return KeyedDecodingContainer(KeyedNodeContainer<Key>(mapping: mapping, decoder: self))
        case _ where isNull:
            let empty = Node.Mapping([])
            return KeyedDecodingContainer(KeyedNodeContainer<Key>(mapping: empty, decoder: self))
        default:
            throw error(.wrongType, "expected a mapping, found \(kindDescription)")
        }
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        switch node {
        case .sequence(let sequence):
            return UnkeyedNodeContainer(elements: Array(sequence), decoder: self)
        case _ where isNull:
            return UnkeyedNodeContainer(elements: [], decoder: self)
        default:
            throw error(.wrongType, "expected a list, found \(kindDescription)")
        }
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func child(_ node: Node, key: any CodingKey) -> NodeDecoder {
        NodeDecoder(node: node, codingPath: codingPath + [key], ledger: ledger)
    }

    // MARK: scalars

    func scalarText(expecting what: String) throws -> Node.Scalar {
        guard case .scalar(let scalar) = node, !isNull else {
            throw error(.wrongType, "expected \(what), found \(kindDescription)")
        }
        return scalar
    }

    func decodeDate() throws -> Date {
        let text = try scalarText(expecting: "a date").string
        if let date = DateParsing.parse(text) { return date }
        throw error(.invalidValue, "expected a date as YYYY-MM-DD or an RFC 3339 timestamp, found '\(text)'")
    }

    func decodeInteger<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let scalar = try scalarText(expecting: "an integer")
        guard node.tag.rawValue == Tag.Name.int.rawValue, let value = Int.construct(from: scalar), let fitted = T(exactly: value) else {
            throw error(.wrongType, "expected an integer, found \(kindDescription)")
        }
        return fitted
    }
}

extension NodeDecoder: SingleValueDecodingContainer {
    func decodeNil() -> Bool { isNull }

    func decode(_ type: Bool.Type) throws -> Bool {
        let scalar = try scalarText(expecting: "true or false")
        guard node.tag.rawValue == Tag.Name.bool.rawValue, let value = Bool.construct(from: scalar) else {
            throw error(.wrongType, "expected true or false, found \(kindDescription)")
        }
        return value
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .scalar(let scalar) = node else {
            throw error(.wrongType, "expected text, found \(kindDescription)")
        }
        if isNull { throw error(.wrongType, "expected text, found null") }
        return scalar.string
    }

    func decode(_ type: Double.Type) throws -> Double {
        let scalar = try scalarText(expecting: "a number")
        let name = node.tag.rawValue
        guard name == Tag.Name.float.rawValue || name == Tag.Name.int.rawValue, let value = Double.construct(from: scalar), value.isFinite else {
            throw error(.wrongType, "expected a number, found \(kindDescription)")
        }
        return value
    }

    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
    func decode(_ type: Int.Type) throws -> Int { try decodeInteger(Int.self) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decodeInteger(Int8.self) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decodeInteger(Int16.self) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decodeInteger(Int32.self) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decodeInteger(Int64.self) }
    func decode(_ type: UInt.Type) throws -> UInt { try decodeInteger(UInt.self) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeInteger(UInt8.self) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeInteger(UInt16.self) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeInteger(UInt32.self) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeInteger(UInt64.self) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == Date.self { return try decodeDate() as! T }
        return try T(from: self)
    }
}
