/// Which events a rule counts: every condition given must hold (nil: any).
public struct EventMatch: Sendable, Hashable {
    public var kinds: Set<SecurityEvent.Kind>
    public var outcomes: Set<SecurityEvent.Outcome>?
    /// Reason codes, each matching itself or any code it is a prefix of followed by `.` (`credential` matches
    /// `credential.revoked`).
    public var reasons: Set<String>?
    /// Finding categories of which the event must carry at least one (`injection`, `canary`, `output:pii`).
    public var findings: Set<String>?
    public var keyOperations: Set<String>?
    /// Only events on which policy raised an alert (break-glass).
    public var alertOnly: Bool
    /// Only completions of at least this many tokens.
    public var minimumCompletionTokens: Int?
    /// Only workloads of these Scoping Matrix scopes.
    public var scopes: Set<Int>?

    public init(kinds: Set<SecurityEvent.Kind>, outcomes: Set<SecurityEvent.Outcome>? = nil, reasons: Set<String>? = nil, findings: Set<String>? = nil,
                keyOperations: Set<String>? = nil, alertOnly: Bool = false, minimumCompletionTokens: Int? = nil, scopes: Set<Int>? = nil) {
        self.kinds = kinds
        self.outcomes = outcomes
        self.reasons = reasons
        self.findings = findings
        self.keyOperations = keyOperations
        self.alertOnly = alertOnly
        self.minimumCompletionTokens = minimumCompletionTokens
        self.scopes = scopes
    }

    public func matches(_ event: SecurityEvent) -> Bool {
        guard kinds.contains(event.kind) else { return false }
        if let outcomes, !outcomes.contains(event.outcome) { return false }
        if let reasons {
            guard let reason = event.reason, reasons.contains(where: { reason == $0 || reason.hasPrefix($0 + ".") }) else { return false }
        }
        if let findings, !findings.contains(where: { event.count(of: $0) > 0 }) { return false }
        if let keyOperations {
            guard let operation = event.keyOperation, keyOperations.contains(operation) else { return false }
        }
        if alertOnly, !event.alert { return false }
        if let minimumCompletionTokens, event.completionTokens < minimumCompletionTokens { return false }
        if let scopes {
            guard let scope = event.scope, scopes.contains(scope) else { return false }
        }
        return true
    }
}

extension SecurityEvent {
    /// Findings of a category (`pii`) in either direction, or of `direction:category` (`output:pii`).
    public func count(of category: String) -> Int {
        if category.utf8.contains(UInt8(ascii: ":")) { return findings[category] ?? 0 }
        return (findings["input:" + category] ?? 0) + (findings["output:" + category] ?? 0) + (findings[category] ?? 0)
    }
}
