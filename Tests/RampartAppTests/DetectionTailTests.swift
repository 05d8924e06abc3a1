import Foundation
@testable import RampartApp
import RampartAudit
import RampartDetection
import RampartStorage
import RampartTestSupport
import Testing

/// Detection takes what its process's log commits from memory, and reads the log for what the memory does not
/// hold: another instance's entries in between are seen all the same.
@Suite struct DetectionTailTests {
    @Test(arguments: DatabaseEngine.allCases)
    func readsTheLogForWhatTheTailMissed(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            _ = try await Migrator(logger: TestDatabases.logger).migrate(database)
            let now = Date()
            let store = AuditStore(database: database), signer = NoteSigner(name: "rampart.test/audit", key: .init())
            let tail = AuditTail()
            let ours = try await AuditLog.open(store: store, signer: signer, tail: tail, now: { now }, logger: TestDatabases.logger)
            let another = try await AuditLog.open(store: store, signer: signer, now: { now }, logger: TestDatabases.logger)
            let findings = FindingStore(database: database)
            let service = DetectionService(engine: DetectionEngine(), store: store, tail: tail, cursors: AuditExportCursors(database: database),
                                           findings: findings, interval: .seconds(1), now: { now }, logger: TestDatabases.logger)
            for day in [10.0, 5, 1] { _ = try await ours.append(DetectionRestartTests.call("p", from: "10.1.1.0/24", at: now - day * 86_400)) }
            try await service.rebuild()
            #expect(try await service.catchUp() == 0)

            // Ours alone: taken from memory, and the tail is left empty.
            for n in 0..<6 { _ = try await ours.append(DetectionRestartTests.call("p", from: "10.1.1.0/24", at: now + Double(n), injection: true)) }
            #expect(tail.count == 6)
            #expect(try await service.catchUp() == 1)
            #expect(tail.count == 0)
            #expect(try await findings.list().map(\.finding.ruleID) == ["injection.burst"])

            // Another instance's entry between two of ours: the tail has a gap there, so the log is read, and the
            // new network that only the other instance saw is raised.
            _ = try await ours.append(DetectionRestartTests.call("p", from: "10.1.1.0/24", at: now + 10))
            _ = try await another.append(DetectionRestartTests.call("p", from: "10.9.9.0/24", at: now + 11))
            _ = try await ours.append(DetectionRestartTests.call("p", from: "10.1.1.0/24", at: now + 12))
            #expect(try await service.catchUp() == 1)
            #expect(Set(try await findings.list().map(\.finding.ruleID)) == ["injection.burst", "access.new-network"])
            #expect(try await AuditExportCursors(database: database).next(DetectionService.cursor) == 12)
            #expect(try await service.catchUp() == 0, "nothing is read twice")
        }
    }
}
