import AsyncKit
import Foundation
public import Logging
import NIOCore
import NIOPosix
import PostgresKit
public import SQLKit
import SQLiteKit

/// Rampart's database: one SQL layer over SQLite and PostgreSQL, with pooled connections and transactions.
///
/// Callers write SQLKit queries against `any SQLDatabase`; where the dialects differ (DDL, upserts) they ask
/// `engine`. The pool is shared; `close()` must be called once when done.
public final class Database: Sendable {
    public let engine: DatabaseEngine
    public let location: StorageLocation
    private let pool: Pool
    private let logger: Logger
    private let writers = WriterGate()

    /// The pools guard their state with a lock and are made to be shared across tasks; AsyncKit does not
    /// declare them `Sendable` yet.
    ///
    /// SQLite's durable writes have a connection of their own, opened with `synchronous = FULL`: one writer at a
    /// time uses it (the `WriterGate`), so a durable write costs no pool round trip and no pragma on either side.
    private enum Pool: @unchecked Sendable {
        case sqlite(EventLoopGroupConnectionPool<SQLiteSource>, durable: SQLiteConnection)
        case postgres(EventLoopGroupConnectionPool<PostgresConnectionSource>)
    }

    private init(location: StorageLocation, pool: Pool, logger: Logger) {
        self.engine = location.engine
        self.location = location
        self.pool = pool
        self.logger = logger
    }

    /// Opens the database (creating the SQLite file's directory if needed) and checks that it answers.
    public static func open(_ location: StorageLocation, logger: Logger) async throws -> Database {
        let group = MultiThreadedEventLoopGroup.singleton
        let pool: Pool
        switch location {
        case .sqlite(let path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            } catch {
                throw StorageError(.unavailable, "cannot create the data directory \(directory.path)")
            }
            let durable: SQLiteConnection
            do {
                durable = try await SQLiteSource(path: path, durable: true).makeConnection(logger: logger, on: group.any()).get()
            } catch {
                logger.error("storage unavailable", metadata: ["location": "\(location)", "error": "\(String(reflecting: error))"])
                throw StorageError(.unavailable, "cannot open the database at \(location)")
            }
            pool = .sqlite(EventLoopGroupConnectionPool(
                source: SQLiteSource(path: path), maxConnectionsPerEventLoop: 2, pruneInterval: nil,
                logger: logger, on: group), durable: durable)
        case .postgres(let target):
            let tls: PostgresConnection.Configuration.TLS
            switch target.tls {
            case .disable: tls = .disable
            case .verifyFull: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
            let configuration = SQLPostgresConfiguration(
                hostname: target.host, port: target.port, username: target.user, password: target.password,
                database: target.database, tls: tls)
            pool = .postgres(EventLoopGroupConnectionPool(
                source: PostgresConnectionSource(sqlConfiguration: configuration), maxConnectionsPerEventLoop: 4,
                requestTimeout: .seconds(10), pruneInterval: nil, logger: logger, on: group))
        }
        let database = Database(location: location, pool: pool, logger: logger)
        do {
            try await database.withConnection { try await $0.raw("SELECT 1").run() }
        } catch {
            await database.close()
            logger.error("storage unavailable", metadata: ["location": "\(location)", "error": "\(String(reflecting: error))"])
            throw StorageError(.unavailable, "cannot open the database at \(location)")
        }
        return database
    }

    /// Runs `body` with one pooled connection.
    public func withConnection<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        switch pool {
        case .sqlite(let pool, _):
            let connection = try await pool.requestConnection(logger: logger).get()
            defer { pool.releaseConnection(connection, logger: logger) }
            return try await body(connection.sql())
        case .postgres(let pool):
            let connection = try await pool.requestConnection(logger: logger).get()
            defer { pool.releaseConnection(connection, logger: logger) }
            return try await body(connection.sql())
        }
    }

    /// Runs `body` inside one transaction: committed when it returns, rolled back when it throws.
    ///
    /// On SQLite the transaction takes the write lock at once (`BEGIN IMMEDIATE`), so two writers never deadlock
    /// on a lock upgrade, and writers of this process queue in a `WriterGate` rather than in SQLite's busy wait;
    /// on PostgreSQL it is an ordinary read-committed transaction.
    ///
    /// - Parameter durable: on SQLite, the commit waits until the write-ahead log is on disk (`synchronous = FULL`),
    ///   so a power loss cannot take it back; other transactions keep `NORMAL`, which survives a crash of the
    ///   process but not of the machine. PostgreSQL commits durably either way.
    public func transaction<T: Sendable>(durable: Bool = false, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await write(durable: durable) { connection in try await transact(connection, body) }
    }

    /// Runs `body` as a write without `BEGIN` (a single statement is its own transaction, all or nothing on both
    /// engines; `transaction` is this with `BEGIN` and `COMMIT` around `body`): on SQLite queued with the other
    /// writers and, when `durable`, on the connection that commits as `transaction(durable:)` says.
    public func write<T: Sendable>(durable: Bool = false, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        guard case .sqlite(_, let durableConnection) = pool else { return try await withConnection(body) }
        await writers.enter()
        do {
            let result = durable ? try await body(durableConnection.sql()) : try await withConnection(body)
            await writers.leave()
            return result
        } catch {
            await writers.leave()
            throw error
        }
    }

    private func transact<T: Sendable>(_ connection: any SQLDatabase, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await connection.raw(engine == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN").run()
        do {
            let result = try await body(connection)
            try await connection.raw("COMMIT").run()
            return result
        } catch {
            try? await connection.raw("ROLLBACK").run()
            throw error
        }
    }

    /// Runs `body` with the database and closes it afterwards, however `body` ends.
    public func closing<T>(after body: (Database) async throws -> T) async throws -> T {
        do {
            let result = try await body(self)
            await close()
            return result
        } catch {
            await close()
            throw error
        }
    }

    /// Whether `error` is a statement refused for a duplicate primary or unique key, on either engine.
    public static func isDuplicateKey(_ error: any Error) -> Bool {
        if let error = error as? SQLiteError { return error.reason == .constraintPrimaryKeyFailed || error.reason == .constraintUniqueFailed }
        if let error = error as? PSQLError { return error.serverInfo?[.sqlState] == PostgresError.Code.uniqueViolation.raw }
        return false
    }

    /// Closes every connection.
    public func close() async {
        switch pool {
        case .sqlite(let pool, let durable):
            try? await durable.close()
            try? await pool.shutdownAsync()
        case .postgres(let pool): try? await pool.shutdownAsync()
        }
    }
}
