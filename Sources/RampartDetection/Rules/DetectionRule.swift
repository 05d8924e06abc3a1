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

    /// What makes a finding.
    public enum Trigger: Sendable, Hashable {
        /// At least `threshold` matching events of one subject within `window`.
        case burst(EventMatch, by: Subject, threshold: Int, window: Duration)
        /// Every matching event (each subject raises at most one finding per `cooldown`).
        case each(EventMatch, by: Subject, cooldown: Duration)
        /// A principal's first call to a workload it has not called before, once the principal has been seen for
        /// `warmUp` (before that, everything is new).
        case firstWorkload(EventMatch, warmUp: Duration)
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
        case .burst(let match, _, _, _), .each(let match, _, _), .firstWorkload(let match, _): match
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
        case .firstWorkload(_, let warmUp):
            return "warm_up_seconds: \(seconds(warmUp))"
        }
    }
}
