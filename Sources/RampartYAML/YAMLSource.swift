import Foundation
public import RampartCore
public import Yams

/// The text of one YAML file (or string) and the name to report problems against.
public struct YAMLSource: Sendable {
    /// The largest input Rampart parses, in bytes.
    public static let defaultMaximumBytes = 8 << 20

    public var text: String
    public var file: String

    public init(text: String, file: String) {
        self.text = text
        self.file = file
    }

    /// Reads a file; a missing, unreadable, oversized or non-UTF-8 file is an `InputError` naming it.
    public static func read(path: String, maximumBytes: Int = defaultMaximumBytes) throws(InputErrors) -> YAMLSource {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputErrors(InputError(.unreadable, "no such file", at: SourceLocation(file: path)))
        }
        guard !isDirectory.boolValue else {
            throw InputErrors(InputError(.unreadable, "is a directory, expected a file", at: SourceLocation(file: path)))
        }
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            data = try handle.read(upToCount: maximumBytes + 1) ?? Data()
        } catch {
            throw InputErrors(InputError(.unreadable, "cannot read the file", at: SourceLocation(file: path)))
        }
        guard data.count <= maximumBytes else {
            throw InputErrors(InputError(
                .tooLarge, "file is larger than \(maximumBytes) bytes", at: SourceLocation(file: path)))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputErrors(InputError(.malformed, "file is not UTF-8 text", at: SourceLocation(file: path)))
        }
        return YAMLSource(text: text, file: path)
    }

    /// Every document in the source, in order (a file holds several when separated by `---`).
    /// Empty documents are left out.
    public func documents() throws(InputErrors) -> [Node] {
        do {
            var nodes: [Node] = []
            var sequence = try Yams.compose_all(yaml: text)
            while let node = sequence.next() {
                if case .scalar(let scalar) = node, scalar.string.isEmpty, scalar.style == .plain { continue }
                nodes.append(node)
            }
            // The sequence stops at a parse error and keeps it, rather than throwing: never read that as "empty".
            if let error = sequence.error { throw error }
            return nodes
        } catch let error as YamlError {
            throw InputErrors(Self.inputError(from: error, file: file))
        } catch {
            throw InputErrors(InputError(.malformed, "cannot parse YAML", at: SourceLocation(file: file)))
        }
    }

    /// Exactly one document; an empty source counts as an empty mapping.
    public func singleDocument() throws(InputErrors) -> Node {
        let nodes = try documents()
        guard nodes.count <= 1 else {
            throw InputErrors(InputError(
                .malformed, "expected one YAML document, found \(nodes.count)", at: SourceLocation(file: file)))
        }
        return nodes.first ?? Node.mapping(Node.Mapping([]))
    }

    static func inputError(from error: YamlError, file: String) -> InputError {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: mark.line, column: mark.column) }
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            return InputError(.malformed, "malformed YAML: \(detail)", at: at(mark))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return InputError(
                .malformed, "duplicate keys in one mapping: \(duplicates.sorted().joined(separator: ", "))",
                at: at(context.mark))
        case .reader(let problem, _, _, _):
            return InputError(.malformed, "unreadable YAML text: \(problem)", at: SourceLocation(file: file))
        default:
            return InputError(.malformed, "malformed YAML", at: SourceLocation(file: file))
        }
    }
}
