import Crypto
import Foundation
import RampartCore
import RampartKeys
import RampartStorage
import RampartTestSupport
import Synchronization
import Testing

/// Versions, rotation, retirement and crypto-shredding end to end, on SQLite and PostgreSQL, with the local keyring.
@Suite struct KeyHierarchyTests {
    /// A clock the test moves.
    final class TestClock: Sendable {
        let now = Mutex(Date(timeIntervalSince1970: 1_790_000_000))
        var clock: WallClock { WallClock { self.now.withLock { $0 } } }
        func advance(days: Double) { now.withLock { $0 = $0.addingTimeInterval(days * 86_400) } }
    }

    static func with(_ engine: DatabaseEngine, _ body: @Sendable (KeyHierarchy, LocalKeyProvider, TestClock) async throws -> Void) async throws {
        try await withTemporaryKeyring { provider, _ in
            try await TestDatabases.withFresh(engine) { database in
                _ = try await Migrator(logger: TestDatabases.logger).migrate(database)
                let clock = TestClock()
                let hierarchy = KeyHierarchy(catalog: KeyCatalog(database: database), providers: [provider], defaultProviders: ["local"],
                                             rotationDays: 90, clock: clock.clock, policy: KeyCallers.policy).acting(as: KeyCallers.pipeline)
                try await body(hierarchy, provider, clock)
            }
        }
    }

    @Test(arguments: DatabaseEngine.allCases)
    func rotationSealsWithTheNewVersionAndTheOldOpensUntilRetired(_ engine: DatabaseEngine) async throws {
        try await Self.with(engine) { keys, _, clock in
            let old = try await keys.seal(Array("v1 data".utf8), tenant: "acme", owner: "model:m", purpose: "logs", objectID: "a")
            #expect(try await keys.catalog.versions(tenant: "acme").map(\.version) == [1])
            clock.advance(days: 89)
            #expect(try await keys.rotateOverdue().isEmpty)
            clock.advance(days: 2)
            let rotated = try await keys.rotateOverdue()
            #expect(rotated.map(\.version) == [2])
            let new = try await keys.seal(Array("v2 data".utf8), tenant: "acme", owner: "model:m", purpose: "logs", objectID: "b")
            #expect(new[8] == 2 && old[8] == 1)  // the key version in the header (big-endian u32 at offset 5)
            #expect(try await keys.open(old, tenant: "acme", owner: "model:m", purpose: "logs", objectID: "a") == Array("v1 data".utf8))
            #expect(try await keys.open(new, tenant: "acme", owner: "model:m", purpose: "logs", objectID: "b") == Array("v2 data".utf8))
            try await keys.retire(tenant: "acme", owner: "model:m", purpose: "logs", version: 1)
            #expect(await keyErrorCode { _ = try await keys.open(old, tenant: "acme", owner: "model:m", purpose: "logs", objectID: "a") } == .keyRetired)
            #expect(try await keys.open(new, tenant: "acme", owner: "model:m", purpose: "logs", objectID: "b") == Array("v2 data".utf8))
            let versions = try await keys.catalog.versions(tenant: "acme")
            let now = clock.clock.now
            #expect(versions.map { $0.ageDays(at: now) } == [91, 0])
            #expect(versions.map { $0.isOverdue(at: now) } == [false, false])  // v1 is retired, v2 is new
        }
    }

    @Test(arguments: DatabaseEngine.allCases)
    func shreddedSubjectsReadAsErasedAndOthersReadOn(_ engine: DatabaseEngine) async throws {
        try await Self.with(engine) { keys, _, _ in
            var records: [(subject: String, envelope: [UInt8])] = []
            for subject in ["41", "42", "43"] {
                records.append((subject, try await keys.sealPersonal(Array("email of \(subject)".utf8), tenant: "acme", subject: subject, objectID: "user-\(subject)")))
            }
            #expect(try await keys.shred(tenant: "acme", owner: "subject:42") == 1)
            var read: [PersonalField] = []
            for record in records {
                read.append(try await keys.openPersonal(record.envelope, tenant: "acme", subject: record.subject, objectID: "user-\(record.subject)"))
            }
            #expect(read == [.value(Array("email of 41".utf8)), .erased, .value(Array("email of 43".utf8))])
            // Nothing more is sealed for a shredded subject, and shredding again is harmless.
            #expect(await keyErrorCode { _ = try await keys.sealPersonal(Array("new".utf8), tenant: "acme", subject: "42", objectID: "x") } == .keyDestroyed)
            #expect(try await keys.shred(tenant: "acme", owner: "subject:42") == 0)
            #expect(try await keys.catalog.versions(tenant: "acme", owner: "subject:42").allSatisfy { $0.destroyed != nil })
        }
    }

    /// An erasure made by another instance (`rampart subjects erase` while the gateway runs) reaches a running
    /// instance's caches within the catalog's lifetime: the data keys it still holds in memory open and seal nothing
    /// for the subject once its catalog answer has expired, because the catalog is consulted before the cache.
    @Test(arguments: DatabaseEngine.allCases)
    func aShredByAnotherInstanceIsSeenWithinTheCatalogLifetime(_ engine: DatabaseEngine) async throws {
        try await Self.with(engine) { operatorKeys, provider, clock in
            let instant = Mutex(ContinuousClock.now)
            let gateway = KeyHierarchy(catalog: operatorKeys.catalog, providers: [provider], defaultProviders: ["local"], clock: clock.clock,
                                       policy: KeyCallers.policy, catalogTimeToLive: .seconds(2), instant: { instant.withLock { $0 } })
                .acting(as: KeyCallers.pipeline)
            let sealed = try await gateway.sealPersonal(Array("phone of 42".utf8), tenant: "acme", subject: "42", objectID: "call-1")
            #expect(try await gateway.openPersonal(sealed, tenant: "acme", subject: "42", objectID: "call-1") == .value(Array("phone of 42".utf8)))
            #expect(try await operatorKeys.shred(tenant: "acme", owner: "subject:42") == 1)
            instant.withLock { $0 = $0.advanced(by: .milliseconds(2001)) }
            #expect(try await gateway.openPersonal(sealed, tenant: "acme", subject: "42", objectID: "call-1") == .erased)
            #expect(await keyErrorCode {
                _ = try await gateway.sealPersonal(Array("new".utf8), tenant: "acme", subject: "42", objectID: "call-2")
            } == .keyDestroyed)
        }
    }

    /// Rotation periods per key and per owner replace the default, for versions made before they were set too.
    @Test func rotationPeriodsMayBeSetPerKeyAndPerOwner() async throws {
        try await Self.with(.sqlite) { keys, _, clock in
            var keys = keys
            for owner in ["model:fast", "model:slow", "model:plain"] {
                try await keys.rotate(tenant: "acme", owner: owner, purpose: "logs")
            }
            keys.rotationOverrides = ["model:fast/logs": 30, "model:slow": 365]
            clock.advance(days: 31)
            #expect(try await keys.rotateOverdue().map(\.owner) == ["model:fast"])
            clock.advance(days: 60)
            #expect(try await keys.rotateOverdue().map(\.owner).sorted() == ["model:fast", "model:plain"])
            #expect(try await keys.catalog.versions(tenant: "acme", owner: "model:fast").last?.rotationDays == 30)
        }
    }
}
