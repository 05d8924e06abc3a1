import Foundation
import RampartDetection
import RampartPolicy
import RampartStorage
import RampartTestSupport
import Testing

/// Containments as stored, on SQLite and PostgreSQL: imposed once per id, in force until lifted or expired, and
/// kept with who lifted them.
@Suite struct ContainmentStoreTests {
    @Test(arguments: DatabaseEngine.allCases)
    func containmentsAreImposedOnceAndLiftedByAnAdministrator(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            _ = try await Migrator(logger: TestDatabases.logger).migrate(database)
            let store = ContainmentStore(database: database)
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let suspended = Containment(id: "ctn_a", measure: .suspendCredential, target: "key_1", tenant: "acme", imposedAt: now, until: nil, reason: "r")
            let tightened = Containment(id: "ctn_b", measure: .tightenRateLimit, target: "app", tenant: "acme", requestsPerMinute: 5, imposedAt: now,
                                        until: now.addingTimeInterval(600), reason: "r")
            #expect(try await store.impose(suspended, finding: "f1", playbook: "p"))
            #expect(try await store.impose(tightened, finding: "f1", playbook: "p"))
            #expect(try await !store.impose(suspended, finding: "f1", playbook: "p"), "the same id is imposed once")
            #expect(try await store.inForce(at: now.addingTimeInterval(1)).map(\.id) == ["ctn_a", "ctn_b"])
            #expect(try await store.inForce(at: now.addingTimeInterval(601)).map(\.id) == ["ctn_a"], "expired")
            #expect(try await store.inForce(at: now.addingTimeInterval(1)).last?.requestsPerMinute == 5)

            let lifted = try #require(try await store.lift(id: "ctn_a", by: "local-operator:0", note: "false alarm", at: now.addingTimeInterval(2)))
            #expect(lifted.liftedAt == nil, "the measure as it stood")
            #expect(try await store.inForce(at: now.addingTimeInterval(3)).map(\.id) == ["ctn_b"])
            let again = try #require(try await store.lift(id: "ctn_a", by: "someone-else", note: nil, at: now.addingTimeInterval(4)))
            #expect(again.liftedBy == "local-operator:0" && again.liftNote == "false alarm", "lifting twice changes nothing")
            #expect(try await store.lift(id: "ctn_none", by: "x", note: nil, at: now) == nil)
            let listed = try await store.list()
            #expect(listed.count == 2 && listed.first { $0.containment.id == "ctn_a" }?.findingUID == "f1")
        }
    }
}
