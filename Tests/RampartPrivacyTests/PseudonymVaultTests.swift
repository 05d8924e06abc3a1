import Foundation
import RampartKeys
import RampartPrivacy
import RampartStorage
import RampartTestSupport
import Synchronization
import Testing

@Suite struct PseudonymVaultTests {
    static let secret = Array("a vault secret of at least 32 bytes!".utf8)

    static func vault(_ engine: DatabaseEngine, now: @escaping @Sendable () -> Date = Date.init,
                      _ body: (PseudonymVault, Database, KeyHierarchy) async throws -> Void) async throws {
        try await TestDatabases.withFresh(engine) { database in
            _ = try await Migrator(logger: TestDatabases.logger).migrate(database)
            try await withTemporaryKeys(database: database) { keys in
                try await body(PseudonymVault(database: database, secret: secret, keys: keys, timeToLive: 3600, now: now), database, keys)
            }
        }
    }

    static func vault(_ engine: DatabaseEngine, now: @escaping @Sendable () -> Date = Date.init, _ body: (PseudonymVault, Database) async throws -> Void) async throws {
        try await vault(engine, now: now) { vault, database, _ in try await body(vault, database) }
    }

    static func stored(_ database: Database) async throws -> [String: (version: Int, sealed: [UInt8])] {
        try await database.withConnection { sql in
            var rows: [String: (Int, [UInt8])] = [:]
            for row in try await sql.raw("SELECT token, key_version, sealed FROM pseudonyms").all() {
                rows[try row.decode(column: "token", as: String.self)] = (try row.decode(column: "key_version", as: Int.self),
                                                                           Array(try row.decode(column: "sealed", as: Data.self)))
            }
            return rows
        }
    }

    /// Rotation's background half: after the vault key rotates, a rewrap moves every value's data key to the new
    /// version without opening it; stopped after its first batch, a second run does exactly the rest; then the old
    /// version can be retired and every value still reveals.
    @Test(arguments: DatabaseEngine.allCases)
    func aRewrapMovesTheVaultToTheNewVersionAndResumesWhereItStopped(engine: DatabaseEngine) async throws {
        try await Self.vault(engine) { vault, database, keys in
            var tokens: [String: String] = [:]
            for i in 0..<230 {
                let value = "person-\(i)@example.com"
                tokens[try await vault.pseudonym(for: value, type: "EMAIL_ADDRESS", tenant: "acme")] = value
            }
            let before = try await Self.stored(database)
            #expect(before.values.allSatisfy { $0.version == 1 })
            let operatorKeys = keys.acting(as: .localOperator)
            #expect(try await operatorKeys.rotate(tenant: "acme", owner: "tenant", purpose: "vault").version == 2)

            // The first run is cancelled once its first batch of 100 is written.
            let rewrap = KeyRewrap(keys: operatorKeys, batchSize: 100)
            let records = vault.records
            let first = Task {
                try await rewrap.run(records, tenant: "acme") { done, _ in
                    if done >= 100 { withUnsafeCurrentTask { $0?.cancel() } }
                }
            }
            let stopped = await #expect(throws: KeyError.self) { try await first.value }
            #expect(stopped?.code == .storage)
            #expect(try await Self.stored(database).values.filter { $0.version == 2 }.count == 100)

            let progress = Mutex<[Int]>([])
            let report = try await rewrap.run(records, tenant: "acme") { done, _ in progress.withLock { $0.append(done) } }
            #expect(report == KeyRewrap.Report(version: 2, pending: 130, rewrapped: 130, skipped: 0))
            #expect(progress.withLock { $0 } == [0, 100, 130])
            let after = try await Self.stored(database)
            #expect(after.values.allSatisfy { $0.version == 2 })
            // Only the header changed: the payload (the last bytes: nonce, ciphertext, tag) is the same.
            for (token, row) in after {
                let payload = before[token]!.sealed.suffix(12 + 16 + tokens[token]!.utf8.count)
                #expect(row.sealed.suffix(payload.count) == payload && row.sealed != before[token]!.sealed)
            }
            #expect(try await rewrap.run(records, tenant: "acme").pending == 0)

            try await operatorKeys.retire(tenant: "acme", owner: "tenant", purpose: "vault", version: 1)
            #expect(try await vault.reveal(Set(tokens.keys), tenant: "acme") == tokens)
        }
    }

    /// The vault's key is Rampart's: a principal the policy does not grant it cannot open the vault through it, and
    /// the local operator (who may rewrap) cannot decrypt.
    @Test func onlyRampartItselfOpensTheVault() async throws {
        try await Self.vault(.sqlite) { vault, database, keys in
            let token = try await vault.pseudonym(for: "jane@example.com", type: "EMAIL_ADDRESS", tenant: "acme")
            let sealed = try await Self.stored(database)[token]!.sealed
            let error = await #expect(throws: KeyError.self) {
                _ = try await keys.acting(as: .localOperator).open(sealed, tenant: "acme", owner: "tenant", purpose: "vault", objectID: token)
            }
            #expect(error?.code == .accessDenied && error?.message.contains("builtin.keys.people-do-not-decrypt") == true)
            #expect(try await keys.acting(as: .rampart).open(sealed, tenant: "acme", owner: "tenant", purpose: "vault", objectID: token)
                == Array("jane@example.com".utf8))
        }
    }

    @Test(arguments: DatabaseEngine.allCases)
    func tokensAreStablePerTenantAndRevealOnlyThere(engine: DatabaseEngine) async throws {
        try await Self.vault(engine) { vault, database in
            let a = try await vault.pseudonym(for: "jane@example.com", type: "EMAIL_ADDRESS", tenant: "acme")
            #expect(a.hasPrefix("[EMAIL_ADDRESS:") && a.count == "[EMAIL_ADDRESS:".count + 9)
            #expect(try await vault.pseudonym(for: "jane@example.com", type: "EMAIL_ADDRESS", tenant: "acme") == a)
            let other = try await vault.pseudonym(for: "jane@example.com", type: "EMAIL_ADDRESS", tenant: "globex")
            #expect(other != a)
            #expect(try await vault.reveal([a], tenant: "acme") == [a: "jane@example.com"])
            #expect(try await vault.reveal([a], tenant: "globex").isEmpty)
            #expect(PseudonymVault.tokens(in: "write to \(a) and [NOT:A TOKEN] or [EMAIL_ADDRESS]") == [a])
            // The database holds the value sealed, never in the clear.
            let stored = try await database.withConnection { sql in
                try await sql.raw("SELECT sealed FROM pseudonyms").all().map { try $0.decode(column: "sealed", as: Data.self) }
            }
            #expect(stored.count == 2)
            #expect(stored.allSatisfy { !String(decoding: $0, as: UTF8.self).contains("jane@example.com") })
        }
    }

    @Test(arguments: DatabaseEngine.allCases)
    func expiredTokensAreNotRevealedAndArePurged(engine: DatabaseEngine) async throws {
        let clock = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        try await Self.vault(engine, now: { clock.withLock { $0 } }) { vault, _ in
            let token = try await vault.pseudonym(for: "4111 1111 1111 1111", type: "CREDIT_CARD", tenant: "acme")
            clock.withLock { $0 = $0.addingTimeInterval(3601) }
            #expect(try await vault.reveal([token], tenant: "acme").isEmpty)
            #expect(try await vault.purgeExpired() == 1)
        }
    }

    @Test(arguments: DatabaseEngine.allCases)
    func aTamperedSealIsNotRevealed(engine: DatabaseEngine) async throws {
        try await Self.vault(engine) { vault, database in
            let token = try await vault.pseudonym(for: "secret value", type: "PERSON", tenant: "acme")
            try await database.withConnection { sql in
                try await sql.raw("UPDATE pseudonyms SET tenant = 'acme' WHERE token = \(bind: token)").run()
                let row = try await sql.raw("SELECT sealed FROM pseudonyms").first()
                var sealed = try row!.decode(column: "sealed", as: Data.self)
                sealed[sealed.count - 1] ^= 0x01
                try await sql.raw("UPDATE pseudonyms SET sealed = \(bind: sealed)").run()
            }
            #expect(try await vault.reveal([token], tenant: "acme").isEmpty)
        }
    }
}
