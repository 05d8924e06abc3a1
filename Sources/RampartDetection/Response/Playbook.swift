/// What to do when a finding is raised: conditions on the finding, then actions in order. Loaded from the
/// configuration's `detection.playbooks` and validated there.
public struct Playbook: Sendable, Hashable {
    /// Which findings a playbook answers; every condition given must hold (nil: any).
    public struct Condition: Sendable, Hashable {
        public var rules: Set<String>?
        public var minimumSeverity: DetectionRule.Severity
        /// Scoping Matrix scopes (1-5) of the finding's workload.
        public var scopes: Set<Int>?
        public var tenants: Set<String>?

        public init(rules: Set<String>? = nil, minimumSeverity: DetectionRule.Severity = .informational, scopes: Set<Int>? = nil,
                    tenants: Set<String>? = nil) {
            self.rules = rules
            self.minimumSeverity = minimumSeverity
            self.scopes = scopes
            self.tenants = tenants
        }

        public func matches(_ finding: DetectionFinding) -> Bool {
            if let rules, !rules.contains(finding.ruleID) { return false }
            if finding.severity < minimumSeverity { return false }
            if let scopes, !(finding.scope.map(scopes.contains) ?? false) { return false }
            if let tenants, !(finding.tenant.map(tenants.contains) ?? false) { return false }
            return true
        }
    }

    /// One step of a playbook. A containment lasts `duration` (nil: until an administrator lifts it).
    public enum Action: Sendable, Hashable {
        case suspendPrincipal(duration: Duration?)
        case suspendCredential(duration: Duration?)
        case quarantineWorkload(duration: Duration?)
        case tightenRateLimit(requestsPerMinute: Int, duration: Duration?)
        case requireMFA(duration: Duration?)
        /// Posts the finding to the named webhook (`detection.webhooks`), as a notification or as a ticket.
        case notify(webhook: String)
        case ticket(webhook: String)

        /// The action's name, as configured and as the audit log records it.
        public var name: String {
            switch self {
            case .suspendPrincipal: "suspend-principal"
            case .suspendCredential: "suspend-credential"
            case .quarantineWorkload: "quarantine-workload"
            case .tightenRateLimit: "tighten-rate-limit"
            case .requireMFA: "require-mfa"
            case .notify: "notify"
            case .ticket: "ticket"
            }
        }
    }

    public var id: String
    public var when: Condition
    public var actions: [Action]
    /// Records what it would do without doing it.
    public var dryRun: Bool

    public init(id: String, when: Condition, actions: [Action], dryRun: Bool = false) {
        self.id = id
        self.when = when
        self.actions = actions
        self.dryRun = dryRun
    }
}
