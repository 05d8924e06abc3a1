/// Why JSON text was not read, and at which byte.
public struct JSONReadError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The text is not JSON (or not UTF-8).
        case syntax
        /// Objects and arrays nest deeper than the reader allows.
        case tooDeep
        /// JSON, but a number the tree does not hold.
        case refused
    }

    public var kind: Kind
    /// The byte offset of the problem in the text.
    public var offset: Int
    public var reason: String

    public init(_ kind: Kind, offset: Int, _ reason: String) {
        self.kind = kind
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "byte \(offset): \(reason)" }
}
