public import RampartCore

/// A storage failure with a stable code; messages name what failed but never a secret.
public struct StorageError: Error, Sendable, CodedError {
    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public struct Code: RawRepresentable, Sendable, Hashable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The database could not be opened or reached.
        public static let unavailable = Code(rawValue: "storage.unavailable")
        /// A migration failed; the database is as it was before the run.
        public static let migrationFailed = Code(rawValue: "storage.migration_failed")
        /// The database was migrated by a newer Rampart than this one.
        public static let schemaTooNew = Code(rawValue: "storage.schema_too_new")
        /// A stored row does not hold what its table promises (written by something else than Rampart).
        public static let inconsistent = Code(rawValue: "storage.inconsistent")
        /// The database was closed.
        public static let closed = Code(rawValue: "storage.closed")
    }
}
