public import Foundation
public import RampartPolicy
public import RampartStorage
import SQLKit

/// The response measures imposed (`containments`): each kept after it is lifted or expires, with who lifted it, so
/// that the history of a containment is there to read.
public struct ContainmentStore: Sendable {
    /// A measure as stored, with where it came from and whether it was lifted.
    public struct Stored: Sendable, Hashable {
        public var containment: Containment
        public var findingUID: String?
        public var playbook: String?
        public var liftedAt: Date?
        public var liftedBy: String?
        public var liftNote: String?

        public func inForce(at now: Date) -> Bool { liftedAt == nil && containment.inForce(at: now) }
    }

    public let database: Database

    public init(database: Database) { self.database = database }

    /// Stores newly imposed measures; one already stored (same id: the same finding, playbook and step) is left
    /// as it is. Returns whether it was new.
    @discardableResult
    public func impose(_ measure: Containment, finding: String?, playbook: String?) async throws -> Bool {
        try await database.transaction { sql in
            guard try await sql.select().column("id").from("containments").where("id", .equal, measure.id).first() == nil else { return false }
            try await sql.insert(into: "containments")
                .columns("id", "measure", "target", "tenant", "requests_per_minute", "reason", "finding_uid", "playbook", "imposed_at", "until_at")
                .values(SQLBind(measure.id), SQLBind(measure.measure.rawValue), SQLBind(measure.target), SQLBind(measure.tenant),
                        SQLBind(measure.requestsPerMinute), SQLBind(measure.reason), SQLBind(finding), SQLBind(playbook),
                        SQLBind(StoredDate.text(measure.imposedAt)), SQLBind(measure.until.map(StoredDate.text)))
                .run()
            return true
        }
    }

    /// The measures not lifted and not expired at `now`.
    public func inForce(at now: Date) async throws -> [Containment] {
        try await database.withConnection { sql in
            try await sql.select().column("*").from("containments").where("lifted_at", .is, SQLLiteral.null)
                .orderBy("imposed_at").orderBy("id").all().map(Self.decode).filter { $0.inForce(at: now) }.map(\.containment)
        }
    }

    /// Every measure, newest first.
    public func list(limit: Int = 500) async throws -> [Stored] {
        try await database.withConnection { sql in
            try await sql.select().column("*").from("containments").orderBy("imposed_at", .descending).orderBy("id").limit(limit).all().map(Self.decode)
        }
    }

    public func containment(id: String) async throws -> Stored? {
        try await database.withConnection { sql in
            try await sql.select().column("*").from("containments").where("id", .equal, id).first().map(Self.decode)
        }
    }

    /// Lifts a measure (an administrator's undo). Returns the measure as it stood, or nil when there is none with
    /// that id; lifting one already lifted changes nothing.
    public func lift(id: String, by actor: String, note: String?, at now: Date) async throws -> Stored? {
        try await database.transaction { sql in
            guard let stored = try await sql.select().column("*").from("containments").where("id", .equal, id).first().map(Self.decode) else { return nil }
            guard stored.liftedAt == nil else { return stored }
            try await sql.update("containments").set("lifted_at", to: StoredDate.text(now)).set("lifted_by", to: actor).set("lift_note", to: note)
                .where("id", .equal, id).run()
            return stored
        }
    }

    static func decode(_ row: any SQLRow) throws -> Stored {
        func date(_ column: String) throws -> Date? {
            guard let text = try row.decode(column: column, as: String?.self) else { return nil }
            guard let date = StoredDate.date(text) else { throw StorageError(.inconsistent, "containments.\(column) is not a stored time") }
            return date
        }
        let measureName = try row.decode(column: "measure", as: String.self)
        guard let measure = Containment.Measure(rawValue: measureName), let imposed = try date("imposed_at") else {
            throw StorageError(.inconsistent, "containments holds an unknown measure or no time it was imposed")
        }
        let containment = Containment(
            id: try row.decode(column: "id", as: String.self), measure: measure, target: try row.decode(column: "target", as: String.self),
            tenant: try row.decode(column: "tenant", as: String?.self), requestsPerMinute: try row.decode(column: "requests_per_minute", as: Int?.self),
            imposedAt: imposed, until: try date("until_at"), reason: try row.decode(column: "reason", as: String.self))
        return Stored(containment: containment, findingUID: try row.decode(column: "finding_uid", as: String?.self),
                      playbook: try row.decode(column: "playbook", as: String?.self), liftedAt: try date("lifted_at"),
                      liftedBy: try row.decode(column: "lifted_by", as: String?.self), liftNote: try row.decode(column: "lift_note", as: String?.self))
    }
}
