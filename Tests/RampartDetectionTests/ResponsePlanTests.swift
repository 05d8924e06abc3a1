import Foundation
import RampartDetection
import RampartPolicy
import Testing

/// What the playbooks plan for a finding, before anything is done: which playbooks answer it, the targets their
/// containments resolve to, the steps that cannot apply and why, and containment ids that are the same each time.
@Suite struct ResponsePlanTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func finding(_ rule: String = "injection.burst", _ severity: DetectionRule.Severity = .high, subject: DetectionRule.Subject = .principal,
                        value: String = "app", tenant: String? = "acme", workload: String? = "support", scope: Int? = 2,
                        credential: String? = "key_1") -> DetectionFinding {
        DetectionFinding(ruleID: rule, severity: severity, description: "d", subject: subject, subjectValue: value, tenant: tenant, workload: workload,
                         scope: scope, firstSeen: now, lastSeen: now, count: 5, eventID: "e1", credential: credential)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var finding: DetectionFinding
        var condition: Playbook.Condition = Playbook.Condition()
        var action: Playbook.Action
        /// The expected measure and target, or the skip reason; nil: the playbook does not answer.
        var expected: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "suspend the principal", finding: finding(), action: .suspendPrincipal(duration: nil), expected: "suspend-principal app acme"),
        Case(name: "suspend the credential", finding: finding(), action: .suspendCredential(duration: .seconds(60)), expected: "suspend-credential key_1 acme"),
        Case(name: "quarantine the workload, for every tenant", finding: finding(), action: .quarantineWorkload(duration: nil),
             expected: "quarantine-workload support -"),
        Case(name: "tighten the principal's rate", finding: finding(), action: .tightenRateLimit(requestsPerMinute: 5, duration: nil),
             expected: "tighten-rate-limit app acme"),
        Case(name: "require MFA of a person", finding: finding(value: "subject:3f2a"), action: .requireMFA(duration: nil),
             expected: "require-mfa subject:3f2a acme"),
        Case(name: "a network finding names no principal", finding: finding("auth.failure-burst", subject: .source, value: "unknown", credential: nil),
             action: .suspendPrincipal(duration: nil), expected: "skip: the finding names no principal"),
        Case(name: "a person's credential is not in the clear", finding: finding(value: "subject:3f2a", credential: nil),
             action: .suspendCredential(duration: nil), expected: "skip: the finding names no credential"),
        Case(name: "Rampart itself is never contained", finding: finding("key.denied-burst", value: "rampart"), action: .suspendPrincipal(duration: nil),
             expected: "skip: rampart is Rampart's own and is not contained"),
        Case(name: "another rule", finding: finding(), condition: Playbook.Condition(rules: ["canary.leak"]), action: .suspendPrincipal(duration: nil)),
        Case(name: "below the severity", finding: finding("injection.burst", .medium), condition: Playbook.Condition(minimumSeverity: .high),
             action: .suspendPrincipal(duration: nil)),
        Case(name: "another scope", finding: finding(), condition: Playbook.Condition(scopes: [4, 5]), action: .suspendPrincipal(duration: nil)),
        Case(name: "no scope known", finding: finding(scope: nil), condition: Playbook.Condition(scopes: [2]), action: .suspendPrincipal(duration: nil)),
        Case(name: "another tenant", finding: finding(), condition: Playbook.Condition(tenants: ["globex"]), action: .suspendPrincipal(duration: nil)),
        Case(name: "every condition holds", finding: finding(), condition: Playbook.Condition(rules: ["injection.burst"], minimumSeverity: .high, scopes: [2],
                                                                                             tenants: ["acme"]),
             action: .suspendPrincipal(duration: nil), expected: "suspend-principal app acme"),
    ]

    @Test(arguments: cases)
    func playbooksPlanWhatTheFindingAllows(_ c: Case) throws {
        let plan = ResponsePlan(for: c.finding, playbooks: [Playbook(id: "p", when: c.condition, actions: [c.action])], at: Self.now)
        guard let expected = c.expected else {
            #expect(plan.steps.isEmpty)
            return
        }
        let step = try #require(plan.steps.first)
        #expect(plan.steps.count == 1 && step.playbook == "p" && step.action == c.action.name)
        switch step.effect {
        case .impose(let measure):
            #expect("\(measure.measure.rawValue) \(measure.target) \(measure.tenant ?? "-")" == expected)
            #expect(measure.reason.contains(c.finding.uid))
        case .skip(let reason): #expect("skip: \(reason)" == expected)
        case .notify: Issue.record("a containment planned as a notification")
        }
    }

    @Test func containmentsLastTheirDurationAndKeepTheirIdsAcrossPlans() throws {
        let playbooks = [
            Playbook(id: "contain", when: Playbook.Condition(), actions: [.suspendCredential(duration: .seconds(3600)), .notify(webhook: "oncall"),
                                                                        .suspendPrincipal(duration: nil)], dryRun: false),
            Playbook(id: "rehearse", when: Playbook.Condition(), actions: [.quarantineWorkload(duration: nil)], dryRun: true),
        ]
        let first = ResponsePlan(for: Self.finding(), playbooks: playbooks, at: Self.now)
        let again = ResponsePlan(for: Self.finding(), playbooks: playbooks, at: Self.now.addingTimeInterval(5))
        func ids(_ plan: ResponsePlan) -> [String] {
            plan.steps.compactMap { if case .impose(let m) = $0.effect { m.id } else { nil } }
        }
        #expect(ids(first).count == 3 && Set(ids(first)).count == 3)
        #expect(ids(first) == ids(again), "the same finding, playbook and step make the same containment")
        #expect(first.steps.map(\.dryRun) == [false, false, false, true])
        guard case .impose(let credential) = first.steps[0].effect, case .impose(let principal) = first.steps[2].effect else {
            Issue.record("\(first.steps)")
            return
        }
        #expect(credential.until == Self.now.addingTimeInterval(3600) && principal.until == nil)
        #expect(first.steps[1].effect == .notify(webhook: "oncall", ticket: false))
        let other = ResponsePlan(for: Self.finding(value: "app-2"), playbooks: playbooks, at: Self.now)
        #expect(Set(ids(other)).isDisjoint(with: ids(first)))
    }
}
