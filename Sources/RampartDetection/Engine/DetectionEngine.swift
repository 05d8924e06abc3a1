import Foundation

/// The detections over a stream of events, as a pure state machine: `observe` takes one event and returns the
/// findings it raises. State is kept per rule and subject (bounded: past `capacity` subjects per table, the least
/// recently seen are forgotten), so memory does not grow with traffic. Time is the events' own, so that a replay
/// of a long period with an injected clock behaves as the live stream would.
///
/// A subject raises one finding per rule and quiet period: a burst rule's window, an `each` rule's cooldown. More
/// matching events in that period are counted by the state, not reported again.
public struct DetectionEngine: Sendable {
    public let rules: [DetectionRule]
    public let capacity: Int

    struct Slot: Hashable, Sendable {
        var rule: Int
        var subject: String
    }

    struct Quiet: Sendable {
        var until: Double
    }

    struct History: Sendable {
        var firstSeen: Double
        /// The workloads called and the networks called from, most recent last (at most `maximumRemembered` each).
        var workloads: [String] = []
        var sources: [String] = []
    }

    static let maximumRemembered = 32

    private var windows: BoundedTable<Slot, SlidingWindow>
    private var quiet: BoundedTable<Slot, Quiet>
    private var histories: BoundedTable<String, History>
    private var baselines: BoundedTable<String, Baseline>
    private var signatures: BoundedTable<Slot, SignatureRing>
    /// Whether any rule reads the baselines: only then are they kept.
    private let usesBaselines: Bool

    /// - Parameter capacity: subjects tracked per table at most (principals, credentials, networks together).
    public init(rules: [DetectionRule] = BuiltinDetections.rules, capacity: Int = 100_000) {
        self.rules = rules
        self.capacity = capacity
        windows = BoundedTable(capacity: capacity)
        quiet = BoundedTable(capacity: capacity)
        histories = BoundedTable(capacity: capacity)
        baselines = BoundedTable(capacity: capacity)
        signatures = BoundedTable(capacity: capacity)
        usesBaselines = rules.contains {
            switch $0.trigger {
            case .spike, .unusualHour: true
            default: false
            }
        }
    }

    /// Subjects tracked now, in all tables together.
    public var tracked: Int { windows.count + quiet.count + histories.count + baselines.count + signatures.count }

    public mutating func observe(_ event: SecurityEvent) -> [DetectionFinding] {
        var found: [DetectionFinding] = []
        let now = event.time.timeIntervalSince1970
        let hour = Int64((now / 3600).rounded(.down))
        // The principal's baseline with this call counted in its hour (model calls only).
        var after: Baseline.Reading?
        if usesBaselines, event.kind == .modelCall, let principal = event.principal {
            after = baselines.update((event.tenant ?? "") + "/" + principal, make: { Baseline(hour: hour) }) { baseline in
                baseline.count(at: hour, tokens: event.promptTokens + event.completionTokens)
                return baseline.reading
            }
        }
        for (index, rule) in rules.enumerated() where rule.match.matches(event) {
            switch rule.trigger {
            case .burst(_, let subject, let threshold, let window):
                guard let value = Self.value(of: subject, in: event) else { continue }
                let slot = Slot(rule: index, subject: value)
                let seconds = window.seconds
                let (burst, oldest) = windows.update(slot, make: { SlidingWindow(threshold: threshold) }) { ring in
                    (ring.record(now, window: seconds), ring.oldest ?? now)
                }
                guard burst, opens(slot, at: now, for: seconds) else { continue }
                found.append(finding(rule, subject, value, event, first: oldest, count: threshold))
            case .each(_, let subject, let cooldown):
                guard let value = Self.value(of: subject, in: event) else { continue }
                let slot = Slot(rule: index, subject: value)
                guard opens(slot, at: now, for: cooldown.seconds) else { continue }
                found.append(finding(rule, subject, value, event, first: now, count: 1))
            case .firstSeen(_, let novelty, let warmUp):
                guard let principal = event.principal, let value = novelty == .workload ? event.workload : event.source else { continue }
                let key = (event.tenant ?? "") + "/" + principal
                let isNew = histories.update(key, make: { History(firstSeen: now) }) { history -> Bool in
                    func remember(_ list: inout [String]) -> Bool {
                        guard !list.contains(value) else { return false }
                        list.append(value)
                        if list.count > Self.maximumRemembered { list.removeFirst() }
                        return true
                    }
                    let new = novelty == .workload ? remember(&history.workloads) : remember(&history.sources)
                    return new && now - history.firstSeen >= warmUp.seconds
                }
                if isNew { found.append(finding(rule, .principal, principal, event, first: now, count: 1)) }
            case .spike(_, let measure, let deviations, let factor, let minimum, let warmUp):
                guard let principal = event.principal, let baseline = after else { continue }
                let expected = baseline.expected(measure)
                let current = baseline.current(measure)
                guard expected.seen >= warmUp, current > Float(minimum), current > Float(factor) * expected.mean,
                      current > expected.mean + Float(deviations) * expected.deviation,
                      opens(Slot(rule: index, subject: principal), at: now, for: 3600 - now.truncatingRemainder(dividingBy: 3600))
                else { continue }
                found.append(finding(rule, .principal, principal, event, first: Double(baseline.hour) * 3600, count: Int(current)))
            case .unusualHour(_, let below, let warmUp):
                // The first call of an hour, in a slot where the principal is usually idle.
                guard let principal = event.principal, let baseline = after, baseline.requests == 1 else { continue }
                let expected = baseline.expected(.requests)
                // Idle beyond chance: at the principal's typical rate, that many idle hours of the slot would happen
                // by chance less than once in twenty thousand (e^-10).
                guard expected.seen >= warmUp, expected.mean < Float(below), baseline.typicalRequests * Float(expected.seen) >= 10 else { continue }
                found.append(finding(rule, .principal, principal, event, first: now, count: 1))
            case .nearDuplicates(_, let threshold, let window, let distance):
                guard let principal = event.principal, let signature = event.promptSignature else { continue }
                let slot = Slot(rule: index, subject: (event.tenant ?? "") + "/" + principal)
                let (count, first) = signatures.update(slot, make: { SignatureRing(capacity: threshold) }) { ring in
                    ring.record(signature, at: now, window: window.seconds, distance: distance)
                }
                guard count >= threshold, opens(Slot(rule: index, subject: principal), at: now, for: window.seconds) else { continue }
                found.append(finding(rule, .principal, principal, event, first: first, count: count))
            }
        }
        return found
    }

    /// Whether the slot may raise a finding now; if so, it stays quiet for `period` seconds.
    private mutating func opens(_ slot: Slot, at now: Double, for period: Double) -> Bool {
        quiet.update(slot, make: { Quiet(until: -.infinity) }) { quiet in
            guard now >= quiet.until else { return false }
            quiet.until = now + period
            return true
        }
    }

    private func finding(_ rule: DetectionRule, _ subject: DetectionRule.Subject, _ value: String, _ event: SecurityEvent, first: Double,
                         count: Int) -> DetectionFinding {
        DetectionFinding(ruleID: rule.id, severity: rule.severity, description: rule.description, subject: subject, subjectValue: value,
                         tenant: event.tenant, workload: event.workload, scope: event.scope, firstSeen: Date(timeIntervalSince1970: first),
                         lastSeen: event.time, count: count, eventID: event.id, credential: event.credential)
    }

    static func value(of subject: DetectionRule.Subject, in event: SecurityEvent) -> String? {
        switch subject {
        case .principal: event.principal
        case .credential: event.credential
        // Events without a recorded network count together as one unknown source.
        case .source: event.source ?? "unknown"
        case .workload: event.workload
        case .tenant: event.tenant
        }
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
