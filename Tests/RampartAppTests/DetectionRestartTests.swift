import Crypto
import Foundation
import Logging
@testable import RampartApp
import RampartAudit
import RampartDetection
import RampartStorage
import RampartTestSupport
import Testing

/// The detection service's memory across starts, on both engines: a first start learns from the log it finds and
/// raises nothing about it; a later start rebuilds what it knew from the log's recent history, so neither an old
/// incident is raised twice nor a known network taken for new.
@Suite struct DetectionRestartTests {
    static func call(_ principal: String, from network: String, at time: Date, injection: Bool = false) -> AuditEvent {
        var facts: [String: CanonicalJSON] = [
            "actor": .object(["principal": .string(principal), "kind": .string("application"), "tenant": .string("acme")]),
            "target": .object(["workload": .string("support"), "scope": .int(2)]),
            "outcome": .object(["status": .int(injection ? 400 : 200), "code": injection ? .string("content_blocked") : .null]),
            "source": .object(["network": .string(network)]),
        ]
        if injection {
            facts["findings"] = .array([.object(["direction": .string("input"), "category": .string("injection"), "type": .string("PROMPT_INJECTION"),
                                                 "action": .string("block"), "count": .int(1)])])
        }
        return AuditEvent(kind: .modelCall, time: time, facts: facts)
    }

    @Test(arguments: DatabaseEngine.allCases)
    func aRestartRemembersAndRaisesNothingTwice(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            _ = try await Migrator(logger: TestDatabases.logger).migrate(database)
            let now = Date()
            let log = try await AuditLog.open(store: AuditStore(database: database), signer: NoteSigner(name: "rampart.test/audit", key: .init()),
                                              now: { now }, logger: TestDatabases.logger)
            // Ten days of calls from one network, and an injection burst two days ago: before detection ever ran.
            for day in stride(from: 10.0, to: 0, by: -0.5) { _ = try await log.append(Self.call("p", from: "10.1.1.0/24", at: now - day * 86_400)) }
            for n in 0..<6 { _ = try await log.append(Self.call("p", from: "10.1.1.0/24", at: now - 2 * 86_400 + Double(n), injection: true)) }
            let findings = FindingStore(database: database)
            func service() -> DetectionService {
                DetectionService(engine: DetectionEngine(), store: AuditStore(database: database), cursors: AuditExportCursors(database: database),
                                 findings: findings, interval: .seconds(1), now: { now }, logger: TestDatabases.logger)
            }

            let first = service()
            #expect(try await first.rebuild() == 26, "the first start learns from the whole recent log")
            #expect(try await first.catchUp() == 0, "and raises nothing about it")
            _ = try await log.append(Self.call("p", from: "10.2.2.0/24", at: now))
            #expect(try await first.catchUp() == 1, "a new network, judged against what was learnt")
            #expect(try await findings.list().map(\.finding.ruleID) == ["access.new-network"])

            let second = service()
            #expect(try await second.rebuild() == 27)
            _ = try await log.append(Self.call("p", from: "10.2.2.0/24", at: now + 60))
            #expect(try await second.catchUp() == 0, "the second network is known after the restart")
            _ = try await log.append(Self.call("p", from: "10.3.3.0/24", at: now + 120))
            #expect(try await second.catchUp() == 1)
            #expect(try await findings.list().count == 2)
        }
    }
}
