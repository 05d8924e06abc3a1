public import Foundation
public import RampartPolicy
public import RampartStorage
import SQLKit

/// An API key as stored: never the key itself, only its keyed hash and what it may do.
public struct APIKeyRecord: Sendable, Hashable, Codable {
    /// The public id (`rmp_` and 8 characters), shown in listings and logs.
    public var id: String
    public var principalID: String
    public var tenant: String
    public var name: String
    public var scope: CredentialScope
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?
    public var lastUsedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, tenant, name, scope
        case principalID = "principal_id", createdAt = "created_at", expiresAt = "expires_at", revokedAt = "revoked_at"
        case lastUsedAt = "last_used_at"
    }
}

/// API keys: created (shown once), listed, revoked, and looked up by keyed hash.
public struct APIKeyStore: Sendable {
    let database: Database
    let hasher: APIKeyHasher
    let now: @Sendable () -> Date

    public init(database: Database, hasher: APIKeyHasher, now: @escaping @Sendable () -> Date = Date.init) {
        self.database = database
        self.hasher = hasher
        self.now = now
    }

    struct Row: Codable {
        var id: String
        var principal_id: String
        var tenant: String
        var name: String
        var workloads: String
        var models: String
        var created_at: String
        var expires_at: String?
        var revoked_at: String?
        var last_used_at: String?

        var record: APIKeyRecord {
            APIKeyRecord(id: id, principalID: principal_id, tenant: tenant, name: name,
                         scope: CredentialScope(workloads: StoredList.values(workloads), models: StoredList.values(models)),
                         createdAt: StoredDate.date(created_at) ?? .distantPast, expiresAt: StoredDate.date(expires_at),
                         revokedAt: StoredDate.date(revoked_at), lastUsedAt: StoredDate.date(last_used_at))
        }
    }

    /// Makes a key for a principal. The returned key is the only copy there will ever be.
    public func create(for principalID: String, name: String, scope: CredentialScope = CredentialScope(), expiresAt: Date? = nil)
        async throws -> (key: String, record: APIKeyRecord)
    {
        let created = now()
        if let expiresAt, expiresAt <= created { throw IdentityError(.invalid, "the expiry is in the past") }
        let key = APIKeyFormat.generate()
        let record = APIKeyRecord(id: APIKeyFormat.id(of: key), principalID: principalID, tenant: "", name: name, scope: scope,
                                  createdAt: created, expiresAt: expiresAt)
        let tenant: String = try await database.transaction { sql in
            guard let owner = try await sql.select().column("tenant").from("principals").where("id", .equal, principalID).first() else {
                throw IdentityError(.notFound, "no principal '\(principalID)'")
            }
            let tenant = try owner.decode(column: "tenant", as: String.self)
            try await sql.insert(into: "api_keys")
                .columns("id", "key_hash", "principal_id", "tenant", "name", "workloads", "models", "created_at", "expires_at")
                .values(SQLBind(record.id), SQLBind(hasher.hash(key)), SQLBind(principalID), SQLBind(tenant), SQLBind(name),
                        SQLBind(StoredList.text(scope.workloads)), SQLBind(StoredList.text(scope.models)),
                        SQLBind(StoredDate.text(created)), SQLBind(expiresAt.map(StoredDate.text)))
                .run()
            return tenant
        }
        var stored = record
        stored.tenant = tenant
        return (key, stored)
    }

    /// Keys of one tenant (or all), optionally of one principal, by id.
    public func list(tenant: String?, principalID: String? = nil) async throws -> [APIKeyRecord] {
        try await database.withConnection { sql in
            var query = sql.select().columns("id", "principal_id", "tenant", "name", "workloads", "models", "created_at", "expires_at",
                                             "revoked_at", "last_used_at").from("api_keys")
            if let tenant { query = query.where("tenant", .equal, tenant) }
            if let principalID { query = query.where("principal_id", .equal, principalID) }
            return try await query.orderBy("id").all(decoding: Row.self).map(\.record)
        }
    }

    /// Revokes a key by id (within a tenant when given). Revoking twice is not an error; an unknown id is.
    public func revoke(id: String, tenant: String?) async throws {
        let stamp = StoredDate.text(now())
        let found = try await database.transaction { sql in
            var query = sql.update("api_keys").set(SQLIdentifier("revoked_at"), to: SQLFunction("COALESCE", args: SQLIdentifier("revoked_at"), SQLBind(stamp)))
                .where("id", .equal, id)
            if let tenant { query = query.where("tenant", .equal, tenant) }
            return try await query.returning("id").all().count
        }
        guard found == 1 else { throw IdentityError(.notFound, "no API key '\(id)'") }
    }

    /// The record and owner of a presented key, by its keyed hash; nil when no such key was ever made.
    public func lookup(key: String) async throws -> (APIKeyRecord, Principal)? {
        try await lookup(hash: hasher.hash(key))
    }

    func lookup(hash: String) async throws -> (APIKeyRecord, Principal)? {
        try await database.withConnection { sql in
            guard let row = try await sql.select()
                .columns("id", "principal_id", "tenant", "name", "workloads", "models", "created_at", "expires_at", "revoked_at", "last_used_at")
                .from("api_keys").where("key_hash", .equal, hash).first(decoding: Row.self)
            else { return nil }
            guard let owner = try await sql.select().columns("*").from("principals").where("id", .equal, row.principal_id)
                .first(decoding: PrincipalStore.Row.self)?.principal
            else { return nil }
            return (row.record, owner)
        }
    }

    /// Records that a key was used (callers throttle this; it is not written on every request).
    public func touch(id: String, at date: Date) async throws {
        try await database.transaction { sql in
            try await sql.update("api_keys").set("last_used_at", to: StoredDate.text(date)).where("id", .equal, id).run()
        }
    }
}
