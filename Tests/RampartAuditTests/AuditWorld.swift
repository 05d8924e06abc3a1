import Crypto
import Foundation
import Logging
import RampartAudit
import RampartStorage
import RampartTestSupport

/// A fresh database with the schema, an audit log on it, and the key that signs its checkpoints.
struct AuditWorld {
    let database: Database
    let log: AuditLog
    let signer: NoteSigner

    var store: AuditStore { log.store }

    static func with<T: Sendable>(_ engine: DatabaseEngine, _ body: (AuditWorld) async throws -> T) async throws -> T {
        try await TestDatabases.withFresh(engine) { database in
            _ = try await Migrator(logger: TestDatabases.logger).migrate(database)
            let signer = NoteSigner(name: "rampart.test/audit", key: Curve25519.Signing.PrivateKey())
            let log = try await AuditLog.open(store: AuditStore(database: database), signer: signer, logger: TestDatabases.logger)
            return try await body(AuditWorld(database: database, log: log, signer: signer))
        }
    }

    static func event(_ n: Int) -> AuditEvent {
        AuditEvent(kind: .modelCall, time: Date(timeIntervalSince1970: 1_795_392_000 + Double(n)), requestID: "req-\(n)",
                   facts: ["outcome": .object(["status": .int(200)]), "n": .int(Int64(n))])
    }

    /// Appends `count` events, each awaited, numbered from `from`.
    @discardableResult
    func append(_ count: Int, from: Int = 0) async throws -> [Int] {
        var sequences: [Int] = []
        for n in from..<(from + count) { sequences.append(try await log.append(Self.event(n))) }
        return sequences
    }

    func verify(trusted: [SignedNote] = []) async throws -> AuditVerification {
        try await AuditVerifier(store: store, verifier: signer.verifier, trusted: trusted, pageSize: 7).verify()
    }

    func sql(_ query: SQLQueryString) async throws {
        try await database.withConnection { try await $0.raw(query).run() }
    }

    func record(_ sequence: Int) async throws -> [UInt8] {
        let rows = try await store.entries(after: sequence - 1, limit: 1)
        return rows.first?.record ?? []
    }
}

import SQLKit
