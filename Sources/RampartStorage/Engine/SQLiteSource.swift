import AsyncKit
import Logging
import NIOCore
import SQLiteKit

/// Opens SQLite connections configured for a shared file: WAL journal, a busy timeout, foreign keys on.
struct SQLiteSource: ConnectionPoolSource {
    let path: String
    /// Whether each commit waits until the write-ahead log is on disk (`synchronous = FULL`), so a power loss cannot
    /// take it back; otherwise `NORMAL`, which survives a crash of the process but not of the machine.
    var durable = false

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        SQLiteConnection.open(storage: .file(path: path), threadPool: .singleton, logger: logger, on: eventLoop).flatMap { connection in
            let pragmas = [
                "PRAGMA journal_mode = WAL",
                "PRAGMA busy_timeout = 10000",
                "PRAGMA foreign_keys = ON",
                durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL",
            ]
            return pragmas.reduce(eventLoop.makeSucceededVoidFuture()) { previous, pragma in
                previous.flatMap { connection.query(pragma).map { _ in } }
            }
            .map { connection }
            .flatMapError { error in connection.close().flatMapThrowing { throw error } }
        }
    }
}
