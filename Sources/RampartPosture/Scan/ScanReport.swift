/// What a scan found: every check of every rule, passed or failed.
public struct ScanReport: Sendable {
    public struct Finding: Sendable {
        public var rule: PostureRule
        public var check: PostureRule.Check

        public var passed: Bool { check.passed }
    }

    /// The files (or the account) scanned.
    public var inputs: [String]
    /// The rules run, including those that found nothing to check.
    public var rules: [PostureRule]
    public var findings: [Finding]
    /// Parts of a live account that could not be read (`service (region): reason`); their rules saw nothing.
    public var unreadable: [String] = []

    public var failures: [Finding] { findings.filter { !$0.passed } }

    /// Failed checks at or above a severity: what `--fail-on` counts.
    public func failures(atLeast severity: PostureRule.Severity) -> [Finding] {
        failures.filter { $0.rule.severity >= severity }
    }
}
