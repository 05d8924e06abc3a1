import Foundation
import RampartPrivacy
import RampartStorage
import RampartTestSupport
import Synchronization
import Testing

@Suite struct PseudonymVaultTests {
    static let secret = Array("a vault secret of at least 32 bytes!".utf8)

    static func vault(_ engine: DatabaseEngine, now: @escaping @Sendable () -> Date = Date.init, _ body: (PseudonymVault, Database) async throws -> Void) async throws {
        try await TestDatabases.withFresh(engine) { database in
            _ = try await Migrator(logger: TestDatabases.logger).migrate(database)
            try await body(PseudonymVault(database: database, secret: secret, timeToLive: 3600, now: now), database)
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
