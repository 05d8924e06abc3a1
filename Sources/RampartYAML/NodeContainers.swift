import Foundation
import RampartCore
import Yams

/// The keyed container over a YAML mapping; every key it is asked for is marked as read.
struct KeyedNodeContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let mapping: Node.Mapping
    let decoder: NodeDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        mapping.compactMap { key, _ in key.scalar.flatMap { Key(stringValue: $0.string) } }
    }

    func contains(_ key: Key) -> Bool { mapping[key.stringValue] != nil }

    private func value(for key: Key) throws -> Node {
        decoder.ledger.consume(key.stringValue, at: codingPath)
        guard let node = mapping[key.stringValue] else {
            throw InputError(
                .missingValue, "missing required key '\(key.stringValue)'",
                at: SourceLocation(
                    file: decoder.ledger.file, line: decoder.node.mark?.line, column: decoder.node.mark?.column,
                    keyPath: keyPathString(codingPath + [key])))
        }
        return node
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        decoder.child(try value(for: key), key: key).isNull
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder.child(try value(for: key), key: key).decodeWrapped(T.self)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        decoder.ledger.consume(key.stringValue, at: codingPath)
        guard let node = mapping[key.stringValue] else { return nil }
        let child = decoder.child(node, key: key)
        if child.isNull { return nil }
        return try child.decodeWrapped(T.self)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder.child(try value(for: key), key: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder.child(try value(for: key), key: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { decoder }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        decoder.child(try value(for: key), key: key)
    }
}

/// The unkeyed container over a YAML sequence.
struct UnkeyedNodeContainer: UnkeyedDecodingContainer {
    let elements: [Node]
    let decoder: NodeDecoder
    private(set) var currentIndex = 0

    init(elements: [Node], decoder: NodeDecoder) {
        self.elements = elements
        self.decoder = decoder
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private mutating func next() throws -> NodeDecoder {
        guard !isAtEnd else {
            throw decoder.error(.missingValue, "list has only \(elements.count) entries")
        }
        let child = decoder.child(elements[currentIndex], key: IndexKey(currentIndex))
        currentIndex += 1
        return child
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return false }
        if decoder.child(elements[currentIndex], key: IndexKey(currentIndex)).isNull {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try next().decodeWrapped(T.self)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { try next() }
}
