import Foundation
public import Logging
import SQLKit
import SQLiteKit

/// Brings a database to the newest schema. All pending migrations run in one transaction: either all apply or
/// the database is left exactly as it was. On PostgreSQL an advisory lock lets several instances start at once.
public struct Migrator: Sendable {
    public var migrations: [Migration]
    public var logger: Logger

    /// The lock id instances agree on (`rampart` in ASCII).
    static let advisoryLock: Int64 = 0x72_61_6d_70_61_72_74

    public init(migrations: [Migration] = RampartSchema.migrations, logger: Logger) {
        self.migrations = migrations.sorted { $0.version < $1.version }
        self.logger = logger
    }

    /// Applies what is pending and returns the versions it applied. On SQLite another instance migrating the same
    /// file holds the write lock: past the busy timeout (a loaded machine) the attempt is made again, a few times,
    /// and then finds the other's migrations applied.
    @discardableResult
    public func migrate(_ database: Database) async throws -> [Int] {
        var attempt = 1
        while true {
            do {
                return try await migrateOnce(database)
            } catch let error as SQLiteError where [.busy, .busyTimeout, .locked].contains(error.reason) && attempt < 5 {
                logger.notice("migration waits for another instance", metadata: ["attempt": "\(attempt)"])
                attempt += 1
            }
        }
    }

    func migrateOnce(_ database: Database) async throws -> [Int] {
        let engine = database.engine
        let known = migrations
        let logger = logger
        return try await database.transaction { sql in
            if engine == .postgres {
                try await sql.raw("SELECT pg_advisory_xact_lock(\(unsafeRaw: String(Self.advisoryLock)))").run()
            }
            try await sql.raw("""
                CREATE TABLE IF NOT EXISTS rampart_schema_migrations (
                    version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)
                """).run()
            let applied = Set(try await sql.raw("SELECT version FROM rampart_schema_migrations").all()
                .map { try $0.decode(column: "version", as: Int.self) })
            if let newest = applied.max(), let latest = known.last?.version, newest > latest {
                throw StorageError(.schemaTooNew,
                                   "the database schema is at version \(newest) but this Rampart knows up to \(latest); upgrade Rampart")
            }
            var done: [Int] = []
            for migration in known where !applied.contains(migration.version) {
                do {
                    for statement in migration.statements(engine) { try await sql.raw("\(unsafeRaw: statement)").run() }
                    try await sql.insert(into: "rampart_schema_migrations")
                        .columns("version", "name", "applied_at")
                        .values(SQLBind(migration.version), SQLBind(migration.name), SQLBind(Date().formatted(.iso8601)))
                        .run()
                } catch let error as StorageError {
                    throw error
                } catch {
                    logger.error("migration failed", metadata: [
                        "version": "\(migration.version)", "name": "\(migration.name)", "error": "\(String(reflecting: error))",
                    ])
                    throw StorageError(.migrationFailed,
                                       "migration \(migration.version) (\(migration.name)) failed; the database is unchanged")
                }
                done.append(migration.version)
                logger.info("migration applied", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            }
            return done
        }
    }

    /// The versions recorded as applied.
    public func appliedVersions(_ database: Database) async throws -> [Int] {
        try await database.withConnection { sql in
            try await sql.raw("SELECT version FROM rampart_schema_migrations ORDER BY version").all()
                .map { try $0.decode(column: "version", as: Int.self) }
        }
    }
}
