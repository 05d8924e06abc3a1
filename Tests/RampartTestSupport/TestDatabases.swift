import Foundation
public import Logging
public import RampartStorage
public import SQLKit

/// Fresh databases for tests, on either engine. PostgreSQL comes from `scripts/test`
/// (RAMPART_TEST_POSTGRES_URL and RAMPART_TEST_POSTGRES_PASSWORD); without it the PostgreSQL cases fail.
public enum TestDatabases {
    public static let logger: Logger = {
        var logger = Logger(label: "rampart.test")
        logger.logLevel = .warning
        return logger
    }()

    public struct NotConfigured: Error, CustomStringConvertible {
        public var description: String { "PostgreSQL is not configured; run the tests through scripts/test" }
    }

    public static func postgresAdmin() throws -> PostgresLocation {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment["RAMPART_TEST_POSTGRES_URL"], let components = URLComponents(string: url),
              let host = components.host, let user = components.user
        else { throw NotConfigured() }
        return PostgresLocation(
            host: host, port: components.port ?? 5432, user: user,
            database: String(components.path.dropFirst()), password: environment["RAMPART_TEST_POSTGRES_PASSWORD"],
            tls: .disable)
    }

    /// A location with nothing in it yet: a new SQLite file, or a new PostgreSQL database.
    public static func freshLocation(_ engine: DatabaseEngine) async throws -> (StorageLocation, cleanup: @Sendable () async -> Void) {
        let name = "rampart_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        switch engine {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(name)
            return (.sqlite(path: directory.appendingPathComponent("rampart.sqlite").path), {
                try? FileManager.default.removeItem(at: directory)
            })
        case .postgres:
            let admin = try postgresAdmin()
            try await withAdmin(admin) { try await $0.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
            var target = admin
            target.database = name
            return (.postgres(target), {
                try? await withAdmin(admin) { try await $0.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run() }
            })
        }
    }

    public static func withAdmin(_ admin: PostgresLocation, _ body: @Sendable (any SQLDatabase) async throws -> Void) async throws {
        let database = try await Database.open(.postgres(admin), logger: logger)
        do {
            try await database.withConnection(body)
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }

    /// Opens a fresh database, runs `body`, then closes and removes it.
    public static func withFresh<T: Sendable>(
        _ engine: DatabaseEngine, _ body: (Database) async throws -> T
    ) async throws -> T {
        let (location, cleanup) = try await freshLocation(engine)
        let database = try await Database.open(location, logger: logger)
        do {
            let result = try await body(database)
            await database.close()
            await cleanup()
            return result
        } catch {
            await database.close()
            await cleanup()
            throw error
        }
    }

    public static func tableExists(_ name: String, in database: Database) async throws -> Bool {
        try await database.withConnection { sql in
            let query: SQLQueryString = database.engine == .sqlite
                ? "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = \(bind: name)"
                : "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name = \(bind: name)"
            return try await sql.raw(query).first()?.decode(column: "n", as: Int.self) ?? 0 > 0
        }
    }
}
