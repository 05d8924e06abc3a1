/// One versioned change to the schema, written for each engine.
public struct Migration: Sendable {
    public var version: Int
    public var name: String
    /// The statements to run on an engine, in order, inside the migration transaction.
    public var statements: @Sendable (DatabaseEngine) -> [String]

    public init(version: Int, name: String, statements: @escaping @Sendable (DatabaseEngine) -> [String]) {
        self.version = version
        self.name = name
        self.statements = statements
    }
}
