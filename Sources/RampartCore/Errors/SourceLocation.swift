/// Where in an input a problem was found: a file, a line and column, and the key path inside the document.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    /// A dotted key path such as `storage.url` or `workloads[2].attestations[0].control`.
    public var keyPath: String?

    public init(file: String, line: Int? = nil, column: Int? = nil, keyPath: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
    }

    /// `file:line:column`, leaving out what is unknown.
    public var position: String {
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        return text
    }

    /// `file:line:column` followed by the key path, leaving out what is unknown.
    public var description: String {
        guard let keyPath, !keyPath.isEmpty else { return position }
        return "\(position): \(keyPath)"
    }
}
