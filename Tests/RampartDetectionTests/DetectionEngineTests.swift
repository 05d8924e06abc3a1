import Foundation
import RampartDetection
import RampartTestSupport
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
        ("injection.network-burst", 20),
        ("canary.leak", 1),
        ("exfiltration.answer-image", 1),
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
                // Twenty principals behind one network: no one of them makes a burst, the network does.
                case "injection.network-burst": Self.call(id, time, principal: "key-\(Int(id.dropFirst())! % 20)", outcome: .denied, findings: ["input:injection": 1])
                case "canary.leak": Self.call(id, time, findings: ["output:canary": 1])
                case "exfiltration.answer-image": Self.call(id, time, findings: ["output:exfiltration": 1])
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

    /// Four simulated weeks of an office application: calls on weekdays from 9 to 17 UTC, about twelve an hour.
    static func officeHours(_ engine: inout DetectionEngine, weeks: Int = 4, generator: inout SplitMix, from start: Date = start,
                            source: (Int) -> String = { _ in "10.1.0.0/16" }) -> [DetectionFinding] {
        var raised: [DetectionFinding] = []
        var serial = 0
        // 1800000000 is a Friday 08:00 UTC; start on the Monday after, at midnight.
        let monday = start.timeIntervalSince1970 + 2 * 86_400 + 16 * 3600
        for day in 0..<(weeks * 7) where day % 7 < 5 {
            for hour in 9..<17 {
                let calls = 8 + Int(generator.next() % 9)
                for n in 0..<calls {
                    let at = Date(timeIntervalSince1970: monday + Double(day * 86_400 + hour * 3600) + Double(n) * 3600 / Double(calls))
                    serial += 1
                    var event = call("o\(serial)", at, principal: "office", completion: 150 + Int(generator.next() % 200))
                    event.source = source(serial)
                    raised += engine.observe(event)
                }
            }
        }
        return raised
    }

    /// The start of the Monday after `weeks` weeks of office hours.
    static func after(weeks: Int) -> Double { start.timeIntervalSince1970 + 2 * 86_400 + 16 * 3600 + Double(weeks * 7 * 86_400) }

    @Test func anHourFarAboveTheBaselineIsASpikeAndAnOrdinaryHourIsNot() {
        var engine = DetectionEngine(rules: BuiltinDetections.rules.filter { $0.id.hasPrefix("baseline.") })
        var generator = SplitMix(seed: 7)
        #expect(Self.officeHours(&engine, generator: &generator).isEmpty, "four ordinary weeks raise nothing")
        // Monday 10:00 of week five: an ordinary hour, then 20 times as many calls the hour after.
        let monday = Self.after(weeks: 4)
        var raised: [DetectionFinding] = []
        for n in 0..<12 { raised += engine.observe(Self.call("m\(n)", Date(timeIntervalSince1970: monday + 10 * 3600 + Double(n) * 300), principal: "office")) }
        #expect(raised.isEmpty)
        for n in 0..<240 {
            raised += engine.observe(Self.call("s\(n)", Date(timeIntervalSince1970: monday + 11 * 3600 + Double(n) * 15), principal: "office",
                                               completion: 1000))
        }
        #expect(raised.map(\.ruleID).sorted() == ["baseline.request-spike", "baseline.token-spike"], "\(raised.map(\.ruleID))")
        let spike = raised.first { $0.ruleID == "baseline.request-spike" }
        #expect(spike?.firstSeen == Date(timeIntervalSince1970: monday + 11 * 3600), "the finding spans the hour")
        #expect((spike?.count ?? 0) > 60 && (spike?.count ?? 0) < 240, "raised while the hour runs, once")
    }

    @Test func aCallInAnHourTheApplicationIsAlwaysIdleIsUnusual() {
        var engine = DetectionEngine(rules: BuiltinDetections.rules.filter { $0.id == "access.unusual-hour" })
        var generator = SplitMix(seed: 8)
        #expect(Self.officeHours(&engine, generator: &generator).isEmpty)
        let monday = Self.after(weeks: 4)
        // Within office hours: usual. At 03:00: unusual, once for the hour.
        #expect(engine.observe(Self.call("u1", Date(timeIntervalSince1970: monday + 9 * 3600 + 60), principal: "office")).isEmpty)
        let night = engine.observe(Self.call("u2", Date(timeIntervalSince1970: monday + 86_400 + 3 * 3600 + 60), principal: "office"))
        #expect(night.map(\.ruleID) == ["access.unusual-hour"])
        #expect(engine.observe(Self.call("u3", Date(timeIntervalSince1970: monday + 86_400 + 3 * 3600 + 120), principal: "office")).isEmpty)
        // A principal without history has no usual hours yet.
        #expect(engine.observe(Self.call("u4", Date(timeIntervalSince1970: monday + 86_400 + 3 * 3600 + 180), principal: "newcomer")).isEmpty)
    }

    @Test func aCallFromANetworkThePrincipalNeverUsedIsNew() {
        var engine = DetectionEngine(rules: BuiltinDetections.rules.filter { $0.id == "access.new-network" })
        var generator = SplitMix(seed: 9)
        // Two networks in turn (office and VPN) for four weeks: after the first week's warm-up neither is new.
        let ordinary = Self.officeHours(&engine, generator: &generator) { $0 % 2 == 0 ? "10.1.0.0/16" : "192.0.2.0/24" }
        #expect(ordinary.isEmpty, "\(ordinary.prefix(2))")
        var event = Self.call("n1", Date(timeIntervalSince1970: Self.after(weeks: 4) + 10 * 3600), principal: "office")
        event.source = "198.51.100.0/24"
        let raised = engine.observe(event)
        #expect(raised.map(\.ruleID) == ["access.new-network"] && raised.first?.subjectValue == "office")
        event.id = "n2"
        #expect(engine.observe(event).isEmpty, "once per network")
    }

    @Test(arguments: [(4, true, true), (3, true, false), (5, false, false)])
    func manyNearIdenticalPromptsToAFineTunedModelAreAnExtraction(scope: Int, nearIdentical: Bool, raised expected: Bool) {
        var engine = DetectionEngine(rules: BuiltinDetections.rules.filter { $0.id == "exfiltration.model-extraction" })
        var generator = SplitMix(seed: 10)
        var raised: [DetectionFinding] = []
        let template: UInt64 = 0xA5A5_F00D_1234_5678
        for n in 0..<40 {
            var event = Self.call("x\(n)", Date(timeIntervalSince1970: Self.start.timeIntervalSince1970 + Double(n) * 10))
            event.scope = scope
            // The same template with a few words changed flips a few bits; unrelated prompts differ in about half.
            let noise = (0..<3).reduce(UInt64(0)) { bits, _ in bits | (1 << (generator.next() % 64)) }
            event.promptSignature = nearIdentical ? template ^ noise : generator.next()
            raised += engine.observe(event)
        }
        #expect(raised.map(\.ruleID) == (expected ? ["exfiltration.model-extraction"] : []), "\(raised.map(\.ruleID))")
        #expect(raised.first.map { $0.count >= 25 } ?? true)
    }

    /// Thirty simulated days of ordinary traffic from a hundred principals, with the odd refused call, typo'd key and
    /// injection-looking prompt, and four weeks of an office application: nothing is raised, by any built-in rule
    /// (baselines, usual hours and networks included).
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
        // And an office application over the same weeks, on two networks in turn (subjects are independent, so its
        // stream may follow the others'): its busy hours, idle nights and second network are all ordinary.
        raised += Self.officeHours(&engine, generator: &generator) { $0 % 2 == 0 ? "10.1.0.0/16" : "192.0.2.0/24" }
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

