import Foundation
public import RampartCore
public import Yams

/// Decodes `Decodable` values from YAML nodes, strictly.
///
/// Unlike a plain YAML decoder it
/// - reports every key that the target type never reads as unknown (so typos do not pass silently),
/// - names the file, line, column and key path of every problem,
/// - bounds the work done on hostile input (alias expansion, depth).
public struct StrictYAMLDecoder: Sendable {
    /// The most nodes one decode visits; alias bombs expand far past it.
    public var maximumNodes: Int
    /// The deepest nesting one decode accepts.
    public var maximumDepth: Int

    public init(maximumNodes: Int = 1_000_000, maximumDepth: Int = 64) {
        self.maximumNodes = maximumNodes
        self.maximumDepth = maximumDepth
    }

    /// Decodes `type` from a node parsed out of `file`.
    public func decode<T: Decodable>(_ type: T.Type, from node: Node, file: String) throws(InputErrors) -> T {
        let ledger = DecodingLedger(file: file, maximumNodes: maximumNodes, maximumDepth: maximumDepth)
        let decoder = NodeDecoder(node: node, codingPath: [], ledger: ledger)
        let value: T
        do {
            value = try decoder.decodeWrapped(T.self)
        } catch let error as InputError {
            throw InputErrors(error)
        } catch {
            throw InputErrors(InputError(.invalidValue, "\(error)", at: SourceLocation(file: file)))
        }
        let unknown = ledger.unknownKeys()
        guard unknown.isEmpty else { throw InputErrors(unknown) }
        return value
    }

    /// Parses and decodes a single-document source.
    public func decode<T: Decodable>(_ type: T.Type, from source: YAMLSource) throws(InputErrors) -> T {
        try decode(type, from: source.singleDocument(), file: source.file)
    }
}

/// Formats a coding path as `a.b[2].c`.
func keyPathString(_ path: [any CodingKey]) -> String {
    var text = ""
    for key in path {
        if let index = key.intValue, key.stringValue.hasPrefix("Index ") || key.stringValue == "\(index)" {
            text += "[\(index)]"
        } else {
            if !text.isEmpty { text += "." }
            text += key.stringValue
        }
    }
    return text
}

/// Records which keys of each mapping were read, and how much work was done, during one decode.
final class DecodingLedger {
    let file: String
    let maximumNodes: Int
    let maximumDepth: Int
    private var visited = 0
    private var mappings: [(path: [any CodingKey], pathText: String, mapping: Node.Mapping)] = []
    private var registered: Set<String> = []
    private var consumed: [String: Set<String>] = [:]

    init(file: String, maximumNodes: Int, maximumDepth: Int) {
        self.file = file
        self.maximumNodes = maximumNodes
        self.maximumDepth = maximumDepth
    }

    func location(_ node: Node, _ path: [any CodingKey]) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line, column: node.mark?.column, keyPath: keyPathString(path))
    }

    func visit(_ node: Node, _ path: [any CodingKey]) throws {
        visited += 1
        if visited > maximumNodes {
            throw InputError(.tooLarge, "document expands to more than \(maximumNodes) nodes", at: location(node, path))
        }
        if path.count > maximumDepth {
            throw InputError(.tooLarge, "nesting deeper than \(maximumDepth) levels", at: location(node, path))
        }
    }

    func register(_ mapping: Node.Mapping, at path: [any CodingKey]) {
        let text = keyPathString(path)
        guard registered.insert(text).inserted else { return }
        mappings.append((path, text, mapping))
    }

    func consume(_ key: String, at path: [any CodingKey]) {
        consumed[keyPathString(path), default: []].insert(key)
    }

    func unknownKeys() -> [InputError] {
        var errors: [InputError] = []
        for entry in mappings {
            let used = consumed[entry.pathText] ?? []
            for (key, _) in entry.mapping {
                guard let name = key.scalar?.string, !used.contains(name) else { continue }
                var location = SourceLocation(
                    file: file, line: key.mark?.line, column: key.mark?.column,
                    keyPath: entry.pathText.isEmpty ? name : "\(entry.pathText).\(name)")
                if location.line == nil { location.line = entry.mapping.mark?.line }
                errors.append(InputError(.unknownKey, "unknown key '\(name)'", at: location))
            }
        }
        return errors
    }
}

struct IndexKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ index: Int) {
        self.stringValue = "Index \(index)"
        self.intValue = index
    }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.init(intValue) }
}

struct NameKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { self.stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}
