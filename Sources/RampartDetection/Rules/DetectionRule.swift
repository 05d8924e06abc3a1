/// One detection: an id, a severity, what it means, and the trigger that raises it, with its parameters (from
/// configuration, or the built-in defaults in ``BuiltinDetections``).
public struct DetectionRule: Sendable, Hashable {
    public enum Severity: Int, Sendable, Hashable, Comparable, CaseIterable {
        case informational = 1, low, medium, high, critical

        public var name: String {
            switch self {
            case .informational: "informational"
            case .low: "low"
            case .medium: "medium"
            case .high: "high"
            case .critical: "critical"
            }
        }

        public static func < (a: Severity, b: Severity) -> Bool { a.rawValue < b.rawValue }
    }

    /// Whom a rule counts events for: the same subject's events are counted together.
    public enum Subject: String, Sendable, Hashable, CaseIterable {
        case principal, credential, source, workload, tenant
    }

    /// What a baseline counts per hour.
    public enum Measure: String, Sendable, Hashable, CaseIterable {
        case requests, tokens
    }

    /// What a principal has been seen with before: the workloads it called, the networks it called from.
    public enum Novelty: String, Sendable, Hashable, CaseIterable {
        case workload, source
    }

    /// What makes a finding.
    public enum Trigger: Sendable, Hashable {
        /// At least `threshold` matching events of one subject within `window`.
        case burst(EventMatch, by: Subject, threshold: Int, window: Duration)
        /// Every matching event (each subject raises at most one finding per `cooldown`).
        case each(EventMatch, by: Subject, cooldown: Duration)
        /// A principal's first call with a workload or from a network it was not seen with before, once the principal
        /// has been seen for `warmUp` (before that, everything is new).
        case firstSeen(EventMatch, of: Novelty, warmUp: Duration)
        /// An hour in which a principal's requests or tokens exceed what its baseline expects of that hour (weekday or
        /// weekend, hour of day): more than `minimum`, `factor` times the mean, and `deviations` standard deviations
        /// above it, once the slot has `warmUp` hours behind it.
        case spike(EventMatch, measure: Measure, deviations: Double, factor: Double, minimum: Int, warmUp: Int)
        /// A principal's first call in an hour of the week in which it is usually idle: the slot's mean is below
        /// `below` requests after `warmUp` hours seen, and the principal is busy enough elsewhere that so many idle
        /// hours are not chance (its typical hourly rate times the hours seen is at least 10).
        case unusualHour(EventMatch, below: Double, warmUp: Int)
        /// At least `threshold` prompts of one principal within `window` whose similarity signatures are within
        /// `distance` bits of the newest one: near-identical prompts, as a model extraction sends.
        case nearDuplicates(EventMatch, threshold: Int, window: Duration, distance: Int)
    }

    public var id: String
    public var severity: Severity
    public var description: String
    public var trigger: Trigger

    public init(id: String, severity: Severity, description: String, trigger: Trigger) {
        self.id = id
        self.severity = severity
        self.description = description
        self.trigger = trigger
    }

    /// The rule's match, whatever its trigger.
    public var match: EventMatch {
        switch trigger {
        case .burst(let match, _, _, _), .each(let match, _, _), .firstSeen(let match, _, _), .spike(let match, _, _, _, _, _),
             .unusualHour(let match, _, _), .nearDuplicates(let match, _, _, _): match
        }
    }
}

extension DetectionRule.Trigger {
    /// The trigger's parameters as configuration names them (`threshold: 10, window_seconds: 60`).
    public var parameters: String {
        func seconds(_ duration: Duration) -> Int64 { duration.components.seconds }
        switch self {
        case .burst(let match, let subject, let threshold, let window):
            return "by: \(subject.rawValue), threshold: \(threshold), window_seconds: \(seconds(window))"
                + (match.minimumCompletionTokens.map { ", min_completion_tokens: \($0)" } ?? "")
        case .each(let match, let subject, let cooldown):
            return "by: \(subject.rawValue), cooldown_seconds: \(seconds(cooldown))" + (match.minimumCompletionTokens.map { ", min_completion_tokens: \($0)" } ?? "")
        case .firstSeen(_, let novelty, let warmUp):
            return "of: \(novelty.rawValue), warm_up_seconds: \(seconds(warmUp))"
        case .spike(_, let measure, let deviations, let factor, let minimum, let warmUp):
            return "measure: \(measure.rawValue), deviations: \(deviations), factor: \(factor), minimum: \(minimum), warm_up_hours: \(warmUp)"
        case .unusualHour(_, let below, let warmUp):
            return "below: \(below), warm_up_hours: \(warmUp)"
        case .nearDuplicates(_, let threshold, let window, let distance):
            return "threshold: \(threshold), window_seconds: \(seconds(window)), distance: \(distance)"
        }
    }
}
