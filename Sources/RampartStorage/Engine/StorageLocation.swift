/// Where Rampart keeps its state: an SQLite file (the embedded default) or a PostgreSQL database.
public enum StorageLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    public var engine: DatabaseEngine {
        switch self {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    /// The location without any secret, for logs and `config show`.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let location): location.description
        }
    }
}

/// A PostgreSQL server and database. The password is held only in memory, never printed.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var database: String
    public var password: String?
    public var tls: TLSMode

    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        /// No TLS: only sensible on loopback.
        case disable
        /// TLS with certificate verification against the system trust store.
        case verifyFull = "verify-full"
    }

    public init(host: String, port: Int = 5432, user: String, database: String, password: String? = nil, tls: TLSMode = .verifyFull) {
        self.host = host
        self.port = port
        self.user = user
        self.database = database
        self.password = password
        self.tls = tls
    }

    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)?tls=\(tls.rawValue)" }
}

/// The SQL engines Rampart runs on.
public enum DatabaseEngine: String, Sendable, Hashable, CaseIterable {
    case sqlite
    case postgres
}
