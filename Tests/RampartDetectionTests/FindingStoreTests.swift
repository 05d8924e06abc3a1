import Foundation
import RampartDetection
import RampartStorage
import RampartTestSupport
import Testing

/// Findings as stored, on SQLite and PostgreSQL: once per uid however often reported, filtered by status and
/// severity, and moved through their lifecycle.
@Suite struct FindingStoreTests {
    static func finding(_ rule: String, _ severity: DetectionRule.Severity, subject: String, at seconds: Double) -> DetectionFinding {
        DetectionFinding(ruleID: rule, severity: severity, description: "d", subject: .principal, subjectValue: subject, tenant: "acme", workload: "support",
                         scope: 3, firstSeen: Date(timeIntervalSince1970: 1_800_000_000 + seconds), lastSeen: Date(timeIntervalSince1970: 1_800_000_010 + seconds),
                         count: 5, eventID: "e\(Int(seconds))")
    }

    @Test(arguments: DatabaseEngine.allCases)
    func findingsAreStoredOnceFilteredAndMovedThroughTheirLifecycle(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            _ = try await Migrator(logger: TestDatabases.logger).migrate(database)
            let store = FindingStore(database: database)
            let now = Date(timeIntervalSince1970: 1_800_000_100)
            let burst = Self.finding("injection.burst", .high, subject: "app", at: 0.123)
            let first = Self.finding("access.first-workload", .low, subject: "app", at: 60)
            #expect(try await store.record([burst, first], at: now).map(\.uid) == [burst.uid, first.uid])
            #expect(try await store.record([burst], at: now).isEmpty, "the same uid is one finding")
            #expect(try await store.list().map(\.finding.ruleID) == ["access.first-workload", "injection.burst"])
            #expect(try await store.list(minimumSeverity: .high).map(\.uid) == [burst.uid])
            let stored = try #require(try await store.finding(uid: burst.uid))
            #expect(abs(stored.finding.firstSeen.timeIntervalSince(burst.firstSeen)) < 0.001 && stored.finding.count == 5 && stored.status == .new)  // stored to the millisecond
            #expect(try await store.setStatus(uid: burst.uid, .acknowledged, note: "on it", at: now))
            #expect(try await !store.setStatus(uid: "nothing", .resolved, note: nil, at: now))
            #expect(try await store.list(statuses: [.acknowledged]).map { ($0.uid, $0.statusNote) }.first! == (burst.uid, "on it"))
            #expect(try await store.list(statuses: [.new]).map(\.uid) == [first.uid])
        }
    }
}
