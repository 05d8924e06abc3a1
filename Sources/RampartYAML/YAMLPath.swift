public import RampartCore
public import Yams

/// One step of a path into a YAML document: a mapping key or a list index.
public enum YAMLPathComponent: Sendable, Hashable, CustomStringConvertible {
    case key(String)
    case index(Int)

    public var description: String {
        switch self {
        case .key(let key): key
        case .index(let index): "[\(index)]"
        }
    }
}

/// A path into a YAML document, such as `controls[3].mappings.gdpr[0]`.
public struct YAMLPath: Sendable, Hashable, CustomStringConvertible, ExpressibleByArrayLiteral {
    public var components: [YAMLPathComponent]

    public init(_ components: [YAMLPathComponent]) { self.components = components }
    public init(arrayLiteral elements: YAMLPathComponent...) { self.components = elements }

    /// This path followed by a key.
    public func key(_ key: String) -> YAMLPath { YAMLPath(components + [.key(key)]) }
    /// This path followed by a list index.
    public func index(_ index: Int) -> YAMLPath { YAMLPath(components + [.index(index)]) }

    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }

    /// Where this path points inside `root`: the line and column of the deepest node that exists on the way.
    public func location(in root: Node, file: String) -> SourceLocation {
        var node = root
        var mark = root.mark
        for component in components {
            let next: Node?
            switch (component, node) {
            case (.key(let key), .mapping(let mapping)):
                next = mapping[key]
                if let keyNode = mapping.keys.first(where: { $0.scalar?.string == key }) { mark = keyNode.mark ?? mark }
            case (.index(let index), .sequence(let sequence)):
                next = index < sequence.count ? sequence[index] : nil
            default:
                next = nil
            }
            guard let found = next else { break }
            node = found
            switch (component, found) {
            case (.key, .mapping), (.key, .sequence): break  // the key's own line is the better place
            default: mark = found.mark ?? mark
            }
        }
        return SourceLocation(file: file, line: mark?.line, column: mark?.column, keyPath: description)
    }
}

/// A problem found by validating a decoded document, located by its path.
public struct LocatedProblem: Sendable, Hashable {
    public var code: InputError.Code
    public var path: YAMLPath
    public var message: String

    public init(_ code: InputError.Code, at path: YAMLPath, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    /// The problem as an `InputError` with file, line and column looked up in `root`.
    public func inputError(in root: Node, file: String) -> InputError {
        InputError(code, message, at: path.location(in: root, file: file))
    }
}

extension YAMLPathComponent: ExpressibleByStringLiteral {
    /// A string literal in a path is a mapping key.
    public init(stringLiteral value: String) { self = .key(value) }
}
