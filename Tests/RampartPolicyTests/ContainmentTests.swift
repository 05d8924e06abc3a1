import Foundation
import RampartCore
import RampartPolicy
import Testing

/// The response's measures as the policy engine sees them: which measures bear on which caller (by principal id,
/// a person's keyed reference, credential, tenant and time), and the `builtin.containment.*` forbids they cause.
@Suite struct ContainmentTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let engine = PolicyEngine(rules: BuiltinPolicies.rules())

    static func measure(_ kind: Containment.Measure, _ target: String, tenant: String? = "acme", rate: Int? = nil, from: Double = -60,
                        until: Double? = nil) -> Containment {
        Containment(id: "ctn_\(kind.rawValue)_\(target)", measure: kind, target: target, tenant: tenant, requestsPerMinute: rate,
                    imposedAt: now.addingTimeInterval(from), until: until.map { now.addingTimeInterval($0) }, reason: "test")
    }

    static func caller(_ id: String = "app", kind: Principal.Kind = .application, tenant: String = "acme", credential: String = "key_1",
                       mfa: Bool = false) -> Caller {
        Caller(principal: Principal(id: id, tenant: tenant, kind: kind, roles: ["application"], attributes: PrincipalAttributes(workloads: ["support"])),
               authentication: AuthenticationFacts(method: .apiKey, multiFactor: mfa, credentialID: credential))
    }

    /// The person's keyed reference, as the audit log would compute it (any function of tenant and id will do here).
    static func reference(_ tenant: String, _ id: String) -> String { "ref-\(tenant)-\(id)" }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var measures: [Containment]
        var caller: Caller
        var suspended: Bool = false
        var quarantined: Set<String> = []
        var mfa: Bool = false
        var rate: Int?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "no measures", measures: [], caller: caller()),
        Case(name: "the principal suspended", measures: [measure(.suspendPrincipal, "app")], caller: caller(), suspended: true),
        Case(name: "another principal suspended", measures: [measure(.suspendPrincipal, "other")], caller: caller()),
        Case(name: "the same id in another tenant", measures: [measure(.suspendPrincipal, "app", tenant: "globex")], caller: caller()),
        Case(name: "the credential suspended", measures: [measure(.suspendCredential, "key_1")], caller: caller(), suspended: true),
        Case(name: "another credential of the principal", measures: [measure(.suspendCredential, "key_2")], caller: caller()),
        Case(name: "a person by keyed reference", measures: [measure(.suspendPrincipal, "subject:ref-acme-alice")],
             caller: caller("alice", kind: .user), suspended: true),
        Case(name: "a service is never taken for a reference", measures: [measure(.suspendPrincipal, "subject:ref-acme-app")], caller: caller()),
        Case(name: "expired", measures: [measure(.suspendPrincipal, "app", from: -120, until: -60)], caller: caller()),
        Case(name: "not yet", measures: [measure(.suspendPrincipal, "app", from: 60)], caller: caller()),
        Case(name: "a quarantine is everyone's", measures: [measure(.quarantineWorkload, "support", tenant: nil)], caller: caller("x", tenant: "globex"),
             quarantined: ["support"]),
        Case(name: "MFA required", measures: [measure(.requireMFA, "app")], caller: caller(), mfa: true),
        Case(name: "the tightest rate", measures: [measure(.tightenRateLimit, "app", rate: 10), measure(.tightenRateLimit, "app", rate: 3)],
             caller: caller(), rate: 3),
    ]

    @Test(arguments: cases)
    func measuresBearOnTheCallerTheyName(_ c: Case) {
        let facts = ContainmentFacts(c.measures, for: c.caller, at: Self.now, reference: Self.reference)
        #expect(!facts.suspendedBy.isEmpty == c.suspended)
        #expect(facts.quarantinedWorkloads == c.quarantined)
        #expect(facts.multiFactorRequired == c.mfa)
        #expect(facts.requestsPerMinute == c.rate)
    }

    struct Decided: Sendable, CustomTestStringConvertible {
        var name: String
        var containment: ContainmentFacts
        var action: Action
        var mfa: Bool = false
        var allowed: Bool
        var forbiddenBy: [String] = []
        var testDescription: String { name }
    }

    static let decisions: [Decided] = [
        Decided(name: "nothing in force", containment: .none, action: .invokeModel, allowed: true),
        Decided(name: "suspended: no model", containment: ContainmentFacts(suspendedBy: ["c1"]), action: .invokeModel, allowed: false,
                forbiddenBy: ["builtin.containment.suspended"]),
        Decided(name: "suspended: not even the detectors", containment: ContainmentFacts(suspendedBy: ["c1"]), action: .scanText, allowed: false,
                forbiddenBy: ["builtin.containment.suspended"]),
        Decided(name: "the workload quarantined", containment: ContainmentFacts(quarantinedWorkloads: ["support"]), action: .invokeModel, allowed: false,
                forbiddenBy: ["builtin.containment.quarantine"]),
        Decided(name: "another workload quarantined", containment: ContainmentFacts(quarantinedWorkloads: ["billing"]), action: .invokeModel, allowed: true),
        Decided(name: "MFA required and not proved", containment: ContainmentFacts(multiFactorRequired: true), action: .invokeModel, allowed: false,
                forbiddenBy: ["builtin.containment.mfa"]),
        Decided(name: "MFA required and proved", containment: ContainmentFacts(multiFactorRequired: true), action: .invokeModel, mfa: true, allowed: true),
    ]

    @Test(arguments: decisions)
    func theBuiltinContainmentRulesForbid(_ d: Decided) {
        let principal = Self.caller().principal
        let facts = RequestFacts(now: Self.now, authentication: AuthenticationFacts(method: .apiKey, multiFactor: d.mfa, credentialID: "key_1"),
                                 containment: d.containment)
        let resource = Resource(kind: d.action == .scanText ? .guardService : .model, id: "support-bot", classification: .internal, workload: "support")
        let decision = Self.engine.authorize(principal, d.action, resource, facts)
        #expect(decision.allowed == d.allowed, "\(decision)")
        #expect(decision.forbiddenBy == d.forbiddenBy)
    }
}
