import Crypto
public import Foundation
public import RampartPolicy

/// What the playbooks answer to one finding, step by step, worked out without doing anything: the containments to
/// impose (with their targets resolved from the finding), the webhooks to call, and the actions that cannot apply
/// and why. Pure, so that a dry run and a real run plan alike and a test can read the plan.
public struct ResponsePlan: Sendable, Hashable {
    public enum Effect: Sendable, Hashable {
        case impose(Containment)
        case notify(webhook: String, ticket: Bool)
        /// The action does not apply to this finding (it names no principal, no workload...).
        case skip(reason: String)
    }

    public struct Step: Sendable, Hashable {
        public var playbook: String
        public var action: String
        public var dryRun: Bool
        public var effect: Effect
    }

    public var finding: DetectionFinding
    public var steps: [Step]

    /// Principals that are Rampart's own doing (its services, the operator's command line): never contained, or
    /// a response could lock out the very people who would lift it.
    public static let ownPrincipals: Set<String> = ["rampart", "local-operator"]

    public init(for finding: DetectionFinding, playbooks: [Playbook], at now: Date) {
        self.finding = finding
        var steps: [Step] = []
        for playbook in playbooks where playbook.when.matches(finding) {
            for (index, action) in playbook.actions.enumerated() {
                let effect = Self.effect(of: action, index: index, playbook: playbook.id, finding: finding, now: now)
                steps.append(Step(playbook: playbook.id, action: action.name, dryRun: playbook.dryRun, effect: effect))
            }
        }
        self.steps = steps
    }

    static func effect(of action: Playbook.Action, index: Int, playbook: String, finding: DetectionFinding, now: Date) -> Effect {
        let principal = finding.subject == .principal ? finding.subjectValue : nil
        func contain(_ measure: Containment.Measure, _ target: String?, _ duration: Duration?, rate: Int? = nil, missing: String) -> Effect {
            guard let target else { return .skip(reason: "the finding names no \(missing)") }
            if measure != .quarantineWorkload, ownPrincipals.contains(target) { return .skip(reason: "\(target) is Rampart's own and is not contained") }
            let until = duration.map { now.addingTimeInterval(Double($0.components.seconds)) }
            return .impose(Containment(id: id(finding: finding.uid, playbook: playbook, index: index), measure: measure, target: target,
                                       tenant: measure == .quarantineWorkload ? nil : finding.tenant, requestsPerMinute: rate, imposedAt: now,
                                       until: until, reason: "\(finding.ruleID) (finding \(finding.uid), playbook \(playbook))"))
        }
        switch action {
        case .suspendPrincipal(let duration): return contain(.suspendPrincipal, principal, duration, missing: "principal")
        case .suspendCredential(let duration): return contain(.suspendCredential, finding.credential, duration, missing: "credential")
        case .quarantineWorkload(let duration): return contain(.quarantineWorkload, finding.workload, duration, missing: "workload")
        case .tightenRateLimit(let rate, let duration): return contain(.tightenRateLimit, principal, duration, rate: rate, missing: "principal")
        case .requireMFA(let duration): return contain(.requireMFA, principal, duration, missing: "principal")
        case .notify(let webhook): return .notify(webhook: webhook, ticket: false)
        case .ticket(let webhook): return .notify(webhook: webhook, ticket: true)
        }
    }

    /// A containment's id: the same for the same finding, playbook and step, so that answering a finding twice
    /// (after a crash) imposes nothing twice.
    static func id(finding: String, playbook: String, index: Int) -> String {
        let digest = SHA256.hash(data: Array("\(finding)\u{0}\(playbook)\u{0}\(index)".utf8))
        return "ctn_" + digest.prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}
