import Foundation
import RampartIdentity
import RampartPolicy
import RampartStorage
import RampartTestSupport
import Synchronization
import Testing

/// The directory and the budget ledger on both engines.
@Suite struct DirectoryTests {
    static let hasher = APIKeyHasher(secret: Array("a test secret that is long enough!".utf8))

    static func migrated(_ engine: DatabaseEngine, _ body: (Database) async throws -> Void) async throws {
        try await TestDatabases.withFresh(engine) { database in
            _ = try await Migrator(logger: TestDatabases.logger).migrate(database)
            try await body(database)
        }
    }

    @Test(arguments: DatabaseEngine.allCases)
    func principalsAndKeysRoundTrip(engine: DatabaseEngine) async throws {
        try await Self.migrated(engine) { database in
            let principals = PrincipalStore(database: database)
            let keys = APIKeyStore(database: database, hasher: Self.hasher)
            let alice = Principal(id: "alice", tenant: "acme", kind: .user, roles: ["data-scientist"], groups: ["ml"],
                                  attributes: PrincipalAttributes(clearance: .confidential, department: "research", region: "eu", workloads: ["chat"]))
            try await principals.create(alice)
            await #expect(throws: IdentityError.self) { try await principals.create(alice) }
            #expect(try await principals.principal(id: "alice") == alice)
            try await principals.create(Principal(id: "bob", tenant: "globex", kind: .service))
            #expect(try await principals.list(tenant: "acme").map(\.id) == ["alice"])
            #expect(try await principals.list(tenant: nil).map(\.id) == ["alice", "bob"])

            let (key, record) = try await keys.create(for: "alice", name: "laptop", scope: CredentialScope(models: ["assistant"]))
            #expect(record.tenant == "acme")
            let found = try await keys.lookup(key: key)
            #expect(found?.0.id == record.id)
            #expect(found?.0.scope.models == ["assistant"])
            #expect(found?.1 == alice)
            #expect(try await keys.lookup(key: APIKeyFormat.generate()) == nil)
            await #expect(throws: IdentityError.self) { try await keys.create(for: "nobody", name: "x") }

            // Revocation is scoped by tenant: another tenant cannot revoke it, its own can, twice.
            await #expect(throws: IdentityError.self) { try await keys.revoke(id: record.id, tenant: "globex") }
            try await keys.revoke(id: record.id, tenant: "acme")
            let revokedAt = try await keys.lookup(key: key)?.0.revokedAt
            #expect(revokedAt != nil)
            try await keys.revoke(id: record.id, tenant: "acme")
            #expect(try await keys.lookup(key: key)?.0.revokedAt == revokedAt)

            // The database holds the keyed hash, never the key.
            let stored = try await database.withConnection { sql in
                try await sql.raw("SELECT key_hash FROM api_keys").all().map { try $0.decode(column: "key_hash", as: String.self) }
            }
            #expect(stored == [Self.hasher.hash(key)])
            #expect(!stored.contains(key))
        }
    }

    /// Two gateway instances (two authenticators with their own caches) on one database: a key revoked through
    /// one is refused by the other once its cache entry expires.
    @Test(arguments: DatabaseEngine.allCases)
    func revocationReachesEveryInstanceWithinTheCacheTime(engine: DatabaseEngine) async throws {
        try await Self.migrated(engine) { database in
            let clock = Mutex(ContinuousClock.now)
            let principals = PrincipalStore(database: database), keys = APIKeyStore(database: database, hasher: Self.hasher)
            try await principals.create(Principal(id: "app", tenant: "acme", kind: .application, roles: ["application"]))
            let (key, record) = try await keys.create(for: "app", name: "k")
            func instance() -> GatewayAuthenticator {
                GatewayAuthenticator(apiKeys: keys, principals: principals, cacheTimeToLive: .seconds(2), instant: { clock.withLock { $0 } })
            }
            let first = instance(), second = instance()
            let presented = PresentedCredentials(bearer: key)
            #expect(throws: Never.self) { try { () throws(AuthenticationFailure) in }() }
            #expect((try? await first.authenticate(presented).get()) != nil)
            #expect((try? await second.authenticate(presented).get()) != nil)
            try await keys.revoke(id: record.id, tenant: "acme")
            clock.withLock { $0 += .seconds(1) }
            // Within the cache time the second instance may still accept it...
            #expect((try? await second.authenticate(presented).get()) != nil)
            clock.withLock { $0 += .milliseconds(1001) }
            // ...and past it, every instance refuses it, with the reason for the log.
            for authenticator in [first, second] {
                guard case .failure(let failure) = await authenticator.authenticate(presented) else { Issue.record("revoked key accepted"); continue }
                #expect(failure.reason == "apikey.revoked")
            }
        }
    }

    /// 200 concurrent reservations against a budget that covers 50: exactly 50 succeed, on either engine.
    @Test(arguments: DatabaseEngine.allCases)
    func concurrentReservationsNeverOvershoot(engine: DatabaseEngine) async throws {
        try await Self.migrated(engine) { database in
            let ledger = BudgetLedger(database: database)
            try await ledger.set(subject: "team:ml", tenant: "acme", currency: "USD", limitMicros: 50_000_000, period: .monthly)
            let granted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<200 {
                    group.addTask {
                        if case .success = try await ledger.reserve(subjects: ["principal:alice", "team:ml"], tenant: "acme", micros: 1_000_000) { return true }
                        return false
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(granted == 50)
            #expect(try await ledger.list(tenant: "acme").first?.spentMicros == 50_000_000)
        }
    }

    /// Reservations on two budgets at once are all or nothing: calls charging the team and the tenant race calls
    /// charging only the team, and every budget's spend is exactly what its granted calls reserved, within its limit.
    /// (A call refused by the tenant's budget that still charged the team would show as spend nobody was granted.)
    @Test(arguments: DatabaseEngine.allCases)
    func reservationsOnSeveralBudgetsAreAllOrNothing(engine: DatabaseEngine) async throws {
        try await Self.migrated(engine) { database in
            let ledger = BudgetLedger(database: database)
            try await ledger.set(subject: "team:ml", tenant: "acme", currency: "USD", limitMicros: 40, period: .total)
            try await ledger.set(subject: "tenant:acme", tenant: "acme", currency: "USD", limitMicros: 15, period: .total)
            let granted = try await withThrowingTaskGroup(of: [String].self) { group in
                for call in 0..<120 {
                    let subjects = call.isMultiple(of: 2) ? ["tenant:acme", "team:ml", "principal:alice"] : ["team:ml"]
                    group.addTask {
                        switch try await ledger.reserve(subjects: subjects, tenant: "acme", micros: 1) {
                        case .success(let reservation): return reservation.subjects
                        case .failure(let refusal):
                            #expect(subjects.contains(refusal.subject) && refusal.currency == "USD")
                            return []
                        }
                    }
                }
                return try await group.reduce(into: ["team:ml": Int64(0), "tenant:acme": 0]) { spent, subjects in
                    for subject in subjects { spent[subject, default: 0] += 1 }
                }
            }
            let spent = Dictionary(uniqueKeysWithValues: try await ledger.list(tenant: "acme").map { ($0.subject, $0.spentMicros) })
            #expect(spent == granted)
            #expect(spent["team:ml"] == 40 && spent["tenant:acme", default: .max] <= 15)
        }
    }

    @Test(arguments: DatabaseEngine.allCases)
    func settlingReplacesTheReservationByTheRealCost(engine: DatabaseEngine) async throws {
        try await Self.migrated(engine) { database in
            let ledger = BudgetLedger(database: database)
            try await ledger.set(subject: "tenant:acme", tenant: "acme", currency: "EUR", limitMicros: 1_000, period: .total)
            let held = try await ledger.reserve(subjects: ["tenant:acme", "principal:nobody-budgeted"], tenant: "acme", micros: 800).get()
            #expect(held.subjects == ["tenant:acme"])
            guard case .failure(let refusal) = try await ledger.reserve(subjects: ["tenant:acme"], tenant: "acme", micros: 300) else {
                Issue.record("overshoot")
                return
            }
            #expect(refusal.subject == "tenant:acme" && refusal.currency == "EUR")
            try await ledger.settle(held, actualMicros: 100)
            #expect(try await ledger.list(tenant: "acme").first?.spentMicros == 100)
            #expect(throws: Never.self) { }
            _ = try await ledger.reserve(subjects: ["tenant:acme"], tenant: "acme", micros: 900).get()
        }
    }

    /// `team:ml` of one tenant is not another tenant's: each tenant sets and spends its own.
    @Test(arguments: DatabaseEngine.allCases)
    func teamBudgetsBelongToTheirTenant(engine: DatabaseEngine) async throws {
        try await Self.migrated(engine) { database in
            let ledger = BudgetLedger(database: database)
            try await ledger.set(subject: "team:ml", tenant: "acme", currency: "USD", limitMicros: 10, period: .total)
            try await ledger.set(subject: "team:ml", tenant: "globex", currency: "USD", limitMicros: 1_000, period: .total)
            #expect((try? await ledger.reserve(subjects: ["team:ml"], tenant: "acme", micros: 11).get()) == nil)
            let globex = try await ledger.reserve(subjects: ["team:ml"], tenant: "globex", micros: 500).get()
            #expect(globex.subjects == ["team:ml"])
            #expect(try await ledger.list(tenant: "acme").first?.spentMicros == 0)
        }
    }

    @Test(arguments: DatabaseEngine.allCases)
    func aMonthlyBudgetStartsAgainInANewMonth(engine: DatabaseEngine) async throws {
        try await Self.migrated(engine) { database in
            let month = Mutex(Date(timeIntervalSince1970: 1_795_000_000))  // November 2026
            let ledger = BudgetLedger(database: database, now: { month.withLock { $0 } })
            try await ledger.set(subject: "principal:a", tenant: "t", currency: "USD", limitMicros: 10, period: .monthly)
            _ = try await ledger.reserve(subjects: ["principal:a"], tenant: "t", micros: 10).get()
            #expect((try? await ledger.reserve(subjects: ["principal:a"], tenant: "t", micros: 1).get()) == nil)
            month.withLock { $0 = $0.addingTimeInterval(40 * 86_400) }
            _ = try await ledger.reserve(subjects: ["principal:a"], tenant: "t", micros: 10).get()
            #expect(try await ledger.list(tenant: "t").first?.periodStart == "2026-12")
        }
    }
}
