import Foundation
import RampartDetection
import Testing

/// The detections as a pure state machine over generated events, on an injected clock: each built-in rule fires on
/// the traffic it is for, once per quiet period, and a long benign period raises nothing.
@Suite struct DetectionEngineTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// A stream of events, each `every` seconds apart.
    struct Traffic {
        var time = DetectionEngineTests.start
        var serial = 0

        mutating func next(after seconds: Double, _ make: (String, Date) -> SecurityEvent) -> SecurityEvent {
            time = time.addingTimeInterval(seconds)
            serial += 1
            return make("e\(serial)", time)
        }
    }

    static func call(_ id: String, _ time: Date, principal: String = "app", workload: String = "support", outcome: SecurityEvent.Outcome = .allowed,
                     findings: [String: Int] = [:], completion: Int = 200) -> SecurityEvent {
        SecurityEvent(id: id, kind: .modelCall, time: time, principal: principal, tenant: "acme", credential: "key-\(principal)", source: "10.1.0.0/16",
                      workload: workload, scope: 3, model: "bot", outcome: outcome, findings: findings, promptTokens: 300, completionTokens: completion)
    }

    static func refused(_ id: String, _ time: Date, reason: String = "credential.unrecognized", credential: String? = nil,
                        source: String = "203.0.113.0/24") -> SecurityEvent {
        SecurityEvent(id: id, kind: .authenticationFailure, time: time, credential: credential, source: source, outcome: .denied, reason: reason)
    }

    static func keyUse(_ id: String, _ time: Date, outcome: SecurityEvent.Outcome, alert: Bool = false) -> SecurityEvent {
        SecurityEvent(id: id, kind: .keyUsage, time: time, principal: "analyst", tenant: "acme", outcome: outcome, keyOperation: "open", alert: alert)
    }

    /// Each rule, driven by the traffic it is for: the finding it raises, and on which event.
    @Test(arguments: [
        ("auth.failure-burst", 20),
        ("auth.dead-credential", 1),
        ("call.denied-burst", 10),
        ("injection.burst", 5),
        ("canary.leak", 1),
        ("key.denied-burst", 5),
        ("key.break-glass", 1),
        ("exfiltration.sensitive-completion", 1),
    ])
    func eachRuleFiresOnItsTraffic(rule: String, raisedOnEvent expected: Int) {
        var engine = DetectionEngine()
        var traffic = Traffic()
        var raised: [(Int, DetectionFinding)] = []
        for n in 1...30 {
            let event = traffic.next(after: 2) { id, time in
                switch rule {
                case "auth.failure-burst": Self.refused(id, time)
                case "auth.dead-credential": Self.refused(id, time, reason: "apikey.revoked", credential: "key-7")
                case "call.denied-burst": Self.call(id, time, outcome: .denied)
                case "injection.burst": Self.call(id, time, outcome: .denied, findings: ["input:injection": 1])
                case "canary.leak": Self.call(id, time, findings: ["output:canary": 1])
                case "key.denied-burst": Self.keyUse(id, time, outcome: .denied)
                case "key.break-glass": Self.keyUse(id, time, outcome: .allowed, alert: true)
                default: Self.call(id, time, findings: ["output:pii": 3], completion: 4000)
                }
            }
            raised += engine.observe(event).filter { $0.ruleID == rule }.map { (n, $0) }
        }
        // Once, on the event that completed it; the rest of the 60 seconds is the same incident.
        #expect(raised.map(\.0) == [expected], "\(raised.map { ($0.0, $0.1.ruleID) })")
        if let finding = raised.first?.1 {
            #expect(finding.eventID == "e\(expected)")
            #expect(finding.count == expected)
            #expect(finding.lastSeen.timeIntervalSince(finding.firstSeen) == Double(2 * (expected - 1)))
        }
    }

    /// A burst spread thinner than its window is no burst; the same subject fires again after its quiet period.
    @Test func burstsNeedTheirRateAndFireAgainAfterTheQuietPeriod() {
        var engine = DetectionEngine(rules: BuiltinDetections.rules.filter { $0.id == "auth.failure-burst" })
        var traffic = Traffic()
        var slow = 0
        for _ in 0..<100 { slow += engine.observe(traffic.next(after: 3.5) { Self.refused($0, $1) }).count }
        #expect(slow == 0, "20 failures in 66.5 s are not 20 in 60 s")
        var fast: [Int] = []
        for n in 1...200 { if !engine.observe(traffic.next(after: 1) { Self.refused($0, $1) }).isEmpty { fast.append(n) } }
        // The ring still holds the slow failures: the 3rd fast one completes 20 within 60 s; then quiet for 60 s.
        #expect(fast.count >= 3 && fast.count <= 4, "\(fast)")
        #expect(zip(fast, fast.dropFirst()).allSatisfy { $1 - $0 >= 60 }, "\(fast)")
        // Another network is another subject.
        var other = 0
        for _ in 0..<19 { other += engine.observe(traffic.next(after: 1) { Self.refused($0, $1, source: "198.51.100.0/24") }).count }
        #expect(other == 0)
    }

    @Test func aFirstWorkloadCountsOnlyAfterTheWarmUp() {
        var engine = DetectionEngine(rules: BuiltinDetections.rules.filter { $0.id == "access.first-workload" })
        var traffic = Traffic()
        // During the first week everything is new: nothing is raised.
        #expect(engine.observe(traffic.next(after: 1) { Self.call($0, $1, workload: "support") }).isEmpty)
        #expect(engine.observe(traffic.next(after: 86_400) { Self.call($0, $1, workload: "billing") }).isEmpty)
        let later = traffic.next(after: 8 * 86_400) { Self.call($0, $1, workload: "hr-records") }
        let raised = engine.observe(later)
        #expect(raised.map(\.ruleID) == ["access.first-workload"] && raised.first?.workload == "hr-records")
        // Known workloads stay quiet.
        #expect(engine.observe(traffic.next(after: 60) { Self.call($0, $1, workload: "support") }).isEmpty)
        #expect(engine.observe(traffic.next(after: 60) { Self.call($0, $1, workload: "hr-records") }).isEmpty)
    }

    /// Thirty simulated days of ordinary traffic from a hundred principals, with the odd refused call, typo'd key and
    /// injection-looking prompt: nothing is raised.
    @Test func aLongBenignPeriodRaisesNothing() async {
        var engine = DetectionEngine()
        var generator = SplitMix(seed: 42)
        var time = Self.start.timeIntervalSince1970
        let workloads = ["support", "search", "summaries"]
        var raised: [DetectionFinding] = []
        var events = 0
        while time < Self.start.timeIntervalSince1970 + 30 * 86_400 {
            time += Double(generator.next() % 40) + 1
            let principal = "app-\(generator.next() % 100)"
            let at = Date(timeIntervalSince1970: time)
            let roll = generator.next() % 1000
            let event: SecurityEvent = switch roll {
            case 0..<5: Self.refused("b\(events)", at, source: "10.\(generator.next() % 4).0.0/16")
            case 5..<15: Self.call("b\(events)", at, principal: principal, workload: workloads[Int(generator.next() % 3)], outcome: .denied)
            case 15..<18: Self.call("b\(events)", at, principal: principal, findings: ["input:injection": 1])
            case 18..<30: Self.call("b\(events)", at, principal: principal, findings: ["output:pii": 1], completion: 400)
            default: Self.call("b\(events)", at, principal: principal, workload: workloads[Int(generator.next() % 3)])
            }
            raised += engine.observe(event)
            events += 1
            // Long pure loops yield now and then: the tests share two cooperative threads with timing-sensitive ones.
            if events % 2000 == 0 { await Task.yield() }
        }
        #expect(events > 100_000)
        #expect(raised.isEmpty, "\(raised.prefix(3))")
    }

    /// However many subjects pass by, each table keeps at most its capacity.
    @Test func stateIsBoundedByCapacity() async {
        var engine = DetectionEngine(capacity: 1000)
        var traffic = Traffic()
        for n in 0..<20_000 {
            _ = engine.observe(traffic.next(after: 0.01) { Self.refused($0, $1, reason: "apikey.revoked", credential: "k\(n)", source: "net-\(n)") })
            if n % 2000 == 0 { await Task.yield() }
        }
        #expect(engine.tracked <= 3 * 1000)
        #expect(engine.tracked >= 1000)
    }
}

/// A small deterministic generator for reproducible traffic.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
