public import RampartCore

/// What a scan answers, in the format `rampart guard scan --jsonl` and `POST /v1/guard/scan` share:
/// `{"findings": [...], "action": ..., "error": ...}`.
public struct ScanResult: Sendable, Encodable {
    public var findings: [Finding]
    public var action: GuardPolicy.Action
    /// Why a row could not be scanned (`--jsonl` only); the action is then `block`.
    public var error: String?

    public init(findings: [Finding], action: GuardPolicy.Action, error: String? = nil) {
        self.findings = findings
        self.action = action
        self.error = error
    }

    /// Scans a text and decides by the scope's default policy.
    public init(scanning text: String, scope: Scope, options: ScanOptions, detectors: Detectors = .standard) {
        let findings = detectors.scan(text, options: options)
        self.init(findings: findings, action: GuardPolicy.defaults(for: scope).action(for: findings))
    }
}
