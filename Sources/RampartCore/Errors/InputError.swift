/// A problem with something the user gave Rampart: a file, a manifest, a configuration, an argument.
///
/// Each has a stable `code` that scripts may match on, a message for people, and where it was found.
public struct InputError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: Code
    public var message: String
    public var location: SourceLocation?

    public init(_ code: Code, _ message: String, at location: SourceLocation? = nil) {
        self.code = code
        self.message = message
        self.location = location
    }

    /// The same error, found at `location` (a secret reference resolved on behalf of a configuration key).
    public func located(at location: SourceLocation) -> InputError {
        var copy = self
        copy.location = location
        return copy
    }

    /// `location: message [code]`, one line.
    public var description: String {
        if let location { return "\(location): \(message) [\(code.rawValue)]" }
        return "\(message) [\(code.rawValue)]"
    }

    /// The stable error codes.
    public struct Code: RawRepresentable, Sendable, Hashable, Codable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The file could not be read or does not exist.
        public static let unreadable = Code(rawValue: "input.unreadable")
        /// The text is not well-formed YAML or JSON.
        public static let malformed = Code(rawValue: "input.malformed")
        /// The input is larger or deeper than Rampart accepts.
        public static let tooLarge = Code(rawValue: "input.too_large")
        /// A key the schema does not define.
        public static let unknownKey = Code(rawValue: "input.unknown_key")
        /// A value of the wrong type.
        public static let wrongType = Code(rawValue: "input.wrong_type")
        /// A required value is missing.
        public static let missingValue = Code(rawValue: "input.missing_value")
        /// A value of the right type that is not allowed.
        public static let invalidValue = Code(rawValue: "input.invalid_value")
        /// A secret written inline where only a reference is allowed.
        public static let inlineSecret = Code(rawValue: "config.inline_secret")
        /// A secret reference that does not resolve.
        public static let unresolvedSecret = Code(rawValue: "config.unresolved_secret")
        /// A reference to a control id the catalog does not hold.
        public static let unknownControl = Code(rawValue: "matrix.unknown_control")
        /// Scoping answers that contradict each other or the declared scope.
        public static let conflictingAnswers = Code(rawValue: "matrix.conflicting_answers")
        /// A directory without any manifest in it.
        public static let noManifests = Code(rawValue: "matrix.no_manifests")
        /// Two workloads with the same name.
        public static let duplicateName = Code(rawValue: "matrix.duplicate_name")
        /// The control catalog failed validation.
        public static let invalidCatalog = Code(rawValue: "matrix.invalid_catalog")
    }
}

/// Several input problems, reported together so that one run shows all of them.
public struct InputErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [InputError]

    public init(_ errors: [InputError]) { self.errors = errors }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

extension InputErrors {
    /// One problem on its own.
    public init(_ error: InputError) { self.errors = [error] }
}
