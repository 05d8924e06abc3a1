public import Foundation
public import RampartStorage
import SQLKit

/// How far each named export has sent the log (`audit_exports`): the sequence number of the next entry to send.
public struct AuditExportCursors: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    /// The next entry `name` sends (0 for an export that never ran).
    public func next(_ name: String) async throws -> Int {
        try await database.withConnection { sql in
            try await sql.select().column("next_seq").from("audit_exports").where("name", .equal, name).first()
        }.map { Int(try $0.decode(column: "next_seq", as: Int64.self)) } ?? 0
    }

    /// Records that `name` sent everything before `next`.
    public func advance(_ name: String, to next: Int, at now: Date) async throws {
        try await database.transaction { sql in
            try await sql.insert(into: "audit_exports").columns("name", "next_seq", "updated_at")
                .values(SQLBind(name), SQLBind(Int64(next)), SQLBind(StoredDate.text(now)))
                .onConflict(with: ["name"]) { $0.set(excludedValueOf: "next_seq").set(excludedValueOf: "updated_at") }
                .run()
        }
    }
}
