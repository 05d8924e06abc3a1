public import Foundation
public import RampartStorage
import SQLKit

/// The versions of every Rampart key, in the `key_versions` table (SQLite or PostgreSQL): which provider keys stand
/// for them, when they were made, retired or destroyed. Never key material.
public struct KeyCatalog: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    struct Copy: Codable {
        var provider: String
        var keyID: String
        enum CodingKeys: String, CodingKey {
            case provider
            case keyID = "key_id"
        }
    }

    /// Every version of the keys of `tenant` (or of all tenants), oldest first.
    public func versions(tenant: String? = nil, owner: String? = nil, purpose: String? = nil) async throws(KeyError) -> [KeyVersion] {
        do {
            let rows = try await database.withConnection { sql in
                var query = sql.select().columns("*").from("key_versions")
                if let tenant { query = query.where("tenant", .equal, tenant) }
                if let owner { query = query.where("owner", .equal, owner) }
                if let purpose { query = query.where("purpose", .equal, purpose) }
                return try await query.orderBy("tenant").orderBy("owner").orderBy("purpose").orderBy("version").all()
            }
            return try rows.map { row in
                let version = try row.decode(column: "version", as: Int.self)
                let copies = try JSONDecoder().decode([Copy].self, from: Data(try row.decode(column: "copies", as: String.self).utf8))
                return KeyVersion(
                    tenant: try row.decode(column: "tenant", as: String.self), owner: try row.decode(column: "owner", as: String.self),
                    purpose: try row.decode(column: "purpose", as: String.self), version: version,
                    copies: copies.map { KeyReference(provider: $0.provider, keyID: $0.keyID, version: version) },
                    rotationDays: try row.decode(column: "rotation_days", as: Int.self),
                    created: StoredDate.date(try row.decode(column: "created_at", as: String.self)) ?? .distantPast,
                    retired: StoredDate.date(try row.decode(column: "retired_at", as: String?.self)),
                    destroyed: StoredDate.date(try row.decode(column: "destroyed_at", as: String?.self)))
            }
        } catch let error as KeyError {
            throw error
        } catch {
            throw KeyError(.storage, "the key catalog cannot be read: \(error)")
        }
    }

    /// Records a new version; false if that version exists already (another instance made it first).
    public func insert(_ version: KeyVersion) async throws(KeyError) -> Bool {
        let copies: String
        do {
            copies = String(decoding: try JSONEncoder().encode(version.copies.map { Copy(provider: $0.provider, keyID: $0.keyID) }), as: UTF8.self)
        } catch {
            throw KeyError(.malformed, "the provider keys of \(version.tenant)/\(version.owner) cannot be recorded: \(error)")
        }
        do {
            return try await database.transaction { sql in
                let existing = try await sql.select().column("version").from("key_versions").where("tenant", .equal, version.tenant)
                    .where("owner", .equal, version.owner).where("purpose", .equal, version.purpose).where("version", .equal, version.version).all()
                guard existing.isEmpty else { return false }
                try await sql.insert(into: "key_versions")
                    .columns("tenant", "owner", "purpose", "version", "copies", "rotation_days", "created_at")
                    .values(SQLBind(version.tenant), SQLBind(version.owner), SQLBind(version.purpose), SQLBind(version.version), SQLBind(copies),
                            SQLBind(version.rotationDays), SQLBind(StoredDate.text(version.created)))
                    .run()
                return true
            }
        } catch {
            throw KeyError(.storage, "the key catalog cannot be written: \(error)")
        }
    }

    /// Sets `retired_at` or `destroyed_at` on the matching versions that do not have it yet.
    public func mark(_ column: Mark, at date: Date, tenant: String, owner: String, purpose: String? = nil, version: Int? = nil) async throws(KeyError) {
        do {
            try await database.transaction { sql in
                var update = sql.update("key_versions").set(column.rawValue, to: StoredDate.text(date))
                    .where("tenant", .equal, tenant).where("owner", .equal, owner).where(SQLColumn(column.rawValue), .is, SQLLiteral.null)
                if let purpose { update = update.where("purpose", .equal, purpose) }
                if let version { update = update.where("version", .equal, version) }
                try await update.run()
            }
        } catch {
            throw KeyError(.storage, "the key catalog cannot be written: \(error)")
        }
    }

    public enum Mark: String, Sendable {
        case retired = "retired_at"
        case destroyed = "destroyed_at"
    }
}
