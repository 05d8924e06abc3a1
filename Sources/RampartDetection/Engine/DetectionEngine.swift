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
        /// The workloads called, most recent last (at most `maximumWorkloads`).
        var workloads: [String]
    }

    static let maximumWorkloads = 64

    private var windows: BoundedTable<Slot, SlidingWindow>
    private var quiet: BoundedTable<Slot, Quiet>
    private var histories: BoundedTable<String, History>

    /// - Parameter capacity: subjects tracked per table at most (principals, credentials, networks together).
    public init(rules: [DetectionRule] = BuiltinDetections.rules, capacity: Int = 100_000) {
        self.rules = rules
        self.capacity = capacity
        windows = BoundedTable(capacity: capacity)
        quiet = BoundedTable(capacity: capacity)
        histories = BoundedTable(capacity: capacity)
    }

    /// Subjects tracked now, in all tables together.
    public var tracked: Int { windows.count + quiet.count + histories.count }

    public mutating func observe(_ event: SecurityEvent) -> [DetectionFinding] {
        var found: [DetectionFinding] = []
        let now = event.time.timeIntervalSince1970
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
            case .firstWorkload(_, let warmUp):
                guard let principal = event.principal, let workload = event.workload else { continue }
                let key = (event.tenant ?? "") + "/" + principal
                let isNew = histories.update(key, make: { History(firstSeen: now, workloads: []) }) { history -> Bool in
                    guard !history.workloads.contains(workload) else { return false }
                    history.workloads.append(workload)
                    if history.workloads.count > Self.maximumWorkloads { history.workloads.removeFirst() }
                    return now - history.firstSeen >= warmUp.seconds
                }
                if isNew { found.append(finding(rule, .principal, principal, event, first: now, count: 1)) }
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
