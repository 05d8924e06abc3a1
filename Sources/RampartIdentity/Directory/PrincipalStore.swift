public import Foundation
public import RampartPolicy
public import RampartStorage
import SQLKit

/// The principals of every tenant, kept in Rampart's database (SQLite or PostgreSQL).
public struct PrincipalStore: Sendable {
    let database: Database
    let now: @Sendable () -> Date

    public init(database: Database, now: @escaping @Sendable () -> Date = Date.init) {
        self.database = database
        self.now = now
    }

    struct Row: Codable {
        var id: String
        var tenant: String
        var kind: String
        var display_name: String
        var roles: String
        var member_of: String
        var attributes: String
        var disabled: Int

        var principal: Principal? {
            guard let kind = Principal.Kind(rawValue: kind),
                  let attributes = try? JSONDecoder().decode(PrincipalAttributes.self, from: Data(attributes.utf8))
            else { return nil }
            return Principal(id: id, tenant: tenant, kind: kind, displayName: display_name, roles: StoredList.values(roles),
                             groups: StoredList.values(member_of), attributes: attributes, disabled: disabled != 0)
        }
    }

    /// Validates a principal's fields (ids are printable words without spaces).
    public static func validate(_ principal: Principal) throws(IdentityError) {
        for (name, value) in [("id", principal.id), ("tenant", principal.tenant)] {
            guard !value.isEmpty, value.count <= 128, value.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
                throw IdentityError(.invalid, "\(name) must be 1 to 128 printable ASCII characters without spaces")
            }
        }
    }

    /// Adds a principal; its id must be new.
    public func create(_ principal: Principal) async throws {
        try Self.validate(principal)
        let stamp = StoredDate.text(now())
        let attributes = String(decoding: try JSONEncoder().encode(principal.attributes), as: UTF8.self)
        try await database.transaction { sql in
            if try await sql.select().column("id").from("principals").where("id", .equal, principal.id).first() != nil {
                throw IdentityError(.duplicate, "a principal '\(principal.id)' exists already")
            }
            try await sql.insert(into: "principals")
                .columns("id", "tenant", "kind", "display_name", "roles", "member_of", "attributes", "disabled", "created_at", "updated_at")
                .values(SQLBind(principal.id), SQLBind(principal.tenant), SQLBind(principal.kind.rawValue), SQLBind(principal.displayName),
                        SQLBind(StoredList.text(principal.roles)), SQLBind(StoredList.text(principal.groups)), SQLBind(attributes),
                        SQLBind(principal.disabled ? 1 : 0), SQLBind(stamp), SQLBind(stamp))
                .run()
        }
    }

    /// Replaces a principal's roles, groups, attributes and state (not its id, tenant or kind).
    public func update(_ principal: Principal) async throws {
        try Self.validate(principal)
        let attributes = String(decoding: try JSONEncoder().encode(principal.attributes), as: UTF8.self)
        let changed = try await database.transaction { sql in
            try await sql.update("principals")
                .set("display_name", to: principal.displayName).set("roles", to: StoredList.text(principal.roles))
                .set("member_of", to: StoredList.text(principal.groups)).set("attributes", to: attributes)
                .set("disabled", to: principal.disabled ? 1 : 0).set("updated_at", to: StoredDate.text(now()))
                .where("id", .equal, principal.id).where("tenant", .equal, principal.tenant)
                .returning("id").all().count
        }
        guard changed == 1 else { throw IdentityError(.notFound, "no principal '\(principal.id)' in tenant '\(principal.tenant)'") }
    }

    public func principal(id: String) async throws -> Principal? {
        try await database.withConnection { sql in
            try await sql.select().columns("*").from("principals").where("id", .equal, id).first(decoding: Row.self)?.principal
        }
    }

    /// The principals of one tenant, or of all tenants when `tenant` is nil, by id.
    public func list(tenant: String?) async throws -> [Principal] {
        try await database.withConnection { sql in
            var query = sql.select().columns("*").from("principals")
            if let tenant { query = query.where("tenant", .equal, tenant) }
            return try await query.orderBy("id").all(decoding: Row.self).compactMap(\.principal)
        }
    }
}
