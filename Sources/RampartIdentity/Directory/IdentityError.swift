public import RampartCore

/// A refused directory operation, with a stable code.
public struct IdentityError: Error, Sendable, Hashable, CodedError {
    public struct Code: RawRepresentable, Sendable, Hashable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let notFound = Code(rawValue: "identity.not_found")
        public static let duplicate = Code(rawValue: "identity.duplicate")
        public static let invalid = Code(rawValue: "identity.invalid")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}
