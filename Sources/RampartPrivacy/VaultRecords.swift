import Foundation
import RampartKeys
import RampartStorage
import SQLKit

/// The pseudonym vault as a rewrap walks it: per tenant, in token order, by the key version stored beside each value.
struct VaultRecords: SealedRecords {
    let database: Database
    var name: String { "pseudonym vault" }
    var owner: String { "tenant" }
    var purpose: String { "vault" }

    func count(tenant: String, before version: Int) async throws(KeyError) -> Int {
        try await storage { sql in
            let row = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("pseudonyms")
                .where("tenant", .equal, tenant).where("key_version", .lessThan, version).first()
            return try row?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    func batch(tenant: String, before version: Int, after: String?, limit: Int) async throws(KeyError) -> [SealedRecord] {
        try await storage { sql in
            var query = sql.select().columns("token", "sealed").from("pseudonyms").where("tenant", .equal, tenant)
                .where("key_version", .lessThan, version)
            if let after { query = query.where("token", .greaterThan, after) }
            return try await query.orderBy("token").limit(limit).all().map { row in
                SealedRecord(id: try row.decode(column: "token", as: String.self), envelope: Array(try row.decode(column: "sealed", as: Data.self)))
            }
        }
    }

    func replace(_ record: SealedRecord, tenant: String, with envelope: [UInt8], version: Int) async throws(KeyError) -> Bool {
        try await storage(writing: true) { sql in
            // The old envelope in the WHERE clause makes this a compare-and-swap: a value rewritten meanwhile is kept.
            try await sql.update("pseudonyms").set("sealed", to: SQLBind(Data(envelope))).set("key_version", to: SQLBind(version))
                .where("tenant", .equal, tenant).where("token", .equal, record.id).where("sealed", .equal, SQLBind(Data(record.envelope))).returning("token").all().count == 1
        }
    }

    func storage<T: Sendable>(writing: Bool = false, _ body: (any SQLDatabase) async throws -> T) async throws(KeyError) -> T {
        do { return writing ? try await database.transaction(body) : try await database.withConnection(body) } catch {
            throw KeyError(.storage, "the pseudonym vault cannot be read or written: \(error)")
        }
    }
}
