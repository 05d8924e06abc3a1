public import Foundation

/// What a detection raised: the rule, whom it is about, when and on how many events. Its `uid` is the same for the
/// same rule, subject and start, so that a store keeps one finding however often it is reported.
public struct DetectionFinding: Sendable, Hashable {
    public var ruleID: String
    public var severity: DetectionRule.Severity
    public var description: String
    public var subject: DetectionRule.Subject
    /// The subject's value: a principal id (a person's keyed reference), a credential id, a network prefix...
    public var subjectValue: String
    public var tenant: String?
    public var workload: String?
    public var scope: Int?
    /// The first and last event that made the finding, and how many there were.
    public var firstSeen: Date
    public var lastSeen: Date
    public var count: Int
    /// The event that raised it.
    public var eventID: String
    /// The credential (an API key id) the raising event was made with, when the log names it.
    public var credential: String?

    public init(ruleID: String, severity: DetectionRule.Severity, description: String, subject: DetectionRule.Subject, subjectValue: String,
                tenant: String?, workload: String?, scope: Int?, firstSeen: Date, lastSeen: Date, count: Int, eventID: String, credential: String? = nil) {
        self.ruleID = ruleID
        self.severity = severity
        self.description = description
        self.subject = subject
        self.subjectValue = subjectValue
        self.tenant = tenant
        self.workload = workload
        self.scope = scope
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.count = count
        self.eventID = eventID
        self.credential = credential
    }

    public var uid: String {
        "\(ruleID):\(subject.rawValue):\(subjectValue):\(Int64((firstSeen.timeIntervalSince1970 * 1000).rounded(.down)))"
    }
}
