import Foundation
import RampartCore
import RampartPolicy
import Testing

/// The built-in roles and guards, decision by decision: default deny, forbid wins, and the deciding rules named.
@Suite struct PolicyEngineTests {
    static let now = Date(timeIntervalSince1970: 1_795_305_600)  // 2026-11-21 00:00 UTC, a Saturday
    static let engine = PolicyEngine(rules: BuiltinPolicies.rules())

    static func principal(_ kind: Principal.Kind = .service, roles: Set<String>, tenant: String = "acme", groups: Set<String> = [],
                          clearance: DataClassification = .internal, workloads: Set<String> = [], breakGlassUntil: Date? = nil,
                          disabled: Bool = false) -> Principal {
        Principal(id: "p", tenant: tenant, kind: kind, roles: roles, groups: groups,
                  attributes: PrincipalAttributes(clearance: clearance, workloads: workloads, breakGlassUntil: breakGlassUntil), disabled: disabled)
    }

    static func model(_ classification: DataClassification = .internal, workload: String = "chat", id: String = "assistant") -> Resource {
        Resource(kind: .model, id: id, classification: classification, workload: workload, region: "eu-west-1")
    }

    static func facts(mfa: Bool = false, scope: CredentialScope? = nil) -> RequestFacts {
        RequestFacts(now: now, authentication: AuthenticationFacts(method: .apiKey, multiFactor: mfa, scope: scope, credentialID: "t"))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var principal: Principal
        var action: Action
        var resource: Resource
        var facts: RequestFacts
        var allowed: Bool
        var deciding: [String]
        var alerts: [String] = []
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "an admin service manages its tenant", principal: principal(roles: ["admin"]), action: .writePrincipals,
             resource: Resource(kind: .principal, id: "bob", tenant: "acme"), facts: facts(), allowed: true, deciding: ["builtin.role.admin"]),
        Case(name: "an admin person without MFA is refused", principal: principal(.user, roles: ["admin"]), action: .readPrincipals,
             resource: Resource(kind: .principal, id: "*", tenant: "acme"), facts: facts(), allowed: false, deciding: ["builtin.mfa-for-roles"]),
        Case(name: "an admin person with MFA is let in", principal: principal(.user, roles: ["admin"]), action: .readPrincipals,
             resource: Resource(kind: .principal, id: "*", tenant: "acme"), facts: facts(mfa: true), allowed: true, deciding: ["builtin.role.admin"]),
        Case(name: "an admin never crosses tenants", principal: principal(roles: ["admin"]), action: .readAPIKeys,
             resource: Resource(kind: .apiKey, id: "*", tenant: "globex"), facts: facts(), allowed: false, deciding: ["builtin.tenant-isolation"]),
        Case(name: "an auditor reads evidence", principal: principal(.user, roles: ["auditor"]), action: .readEvidence,
             resource: Resource(kind: .evidence, id: "bundle"), facts: facts(), allowed: true, deciding: ["builtin.role.auditor"]),
        Case(name: "an auditor cannot write", principal: principal(.user, roles: ["auditor"]), action: .writePrincipals,
             resource: Resource(kind: .principal, id: "x", tenant: "acme"), facts: facts(), allowed: false, deciding: []),
        Case(name: "a security analyst reads the audit log", principal: principal(.user, roles: ["security-analyst"]), action: .readAudit,
             resource: Resource(kind: .audit, id: "log"), facts: facts(), allowed: true, deciding: ["builtin.role.security-analyst"]),
        Case(name: "a security analyst cannot mint keys", principal: principal(.user, roles: ["security-analyst"]), action: .createAPIKeys,
             resource: Resource(kind: .apiKey, id: "x", tenant: "acme"), facts: facts(), allowed: false, deciding: []),
        Case(name: "a data scientist reads datasets", principal: principal(.user, roles: ["data-scientist"]), action: .readDatasets,
             resource: Resource(kind: .dataset, id: "claims", classification: .internal), facts: facts(), allowed: true,
             deciding: ["builtin.role.data-scientist"]),
        Case(name: "a data scientist is read-only on datasets", principal: principal(.user, roles: ["data-scientist"]), action: .writeDatasets,
             resource: Resource(kind: .dataset, id: "claims", classification: .internal), facts: facts(), allowed: false, deciding: []),
        Case(name: "a data scientist never sees key material, even as admin", principal: principal(roles: ["data-scientist", "admin"]),
             action: .readKeys, resource: Resource(kind: .key, id: "kms"), facts: facts(), allowed: false,
             deciding: ["builtin.data-scientist-no-key-material"]),
        Case(name: "a data scientist reads no dataset above their clearance", principal: principal(.user, roles: ["data-scientist"]),
             action: .readDatasets, resource: Resource(kind: .dataset, id: "hr", classification: .restricted), facts: facts(), allowed: false,
             deciding: ["builtin.clearance"]),
        Case(name: "an application invokes its granted workload", principal: principal(.application, roles: ["application"], workloads: ["chat"]),
             action: .invokeModel, resource: model(), facts: facts(), allowed: true, deciding: ["builtin.role.application"]),
        Case(name: "an application invokes nothing else", principal: principal(.application, roles: ["application"], workloads: ["chat"]),
             action: .invokeModel, resource: model(workload: "hr"), facts: facts(), allowed: false, deciding: []),
        Case(name: "clearance must reach the model's classification",
             principal: principal(.application, roles: ["application"], clearance: .internal, workloads: ["chat"]),
             action: .invokeModel, resource: model(.confidential), facts: facts(), allowed: false, deciding: ["builtin.clearance"]),
        Case(name: "a scoped key reaches only its models", principal: principal(.application, roles: ["application"], workloads: ["chat"]),
             action: .invokeModel, resource: model(), facts: facts(scope: CredentialScope(models: ["other"])), allowed: false,
             deciding: ["builtin.credential-scope"]),
        Case(name: "a scoped key reaches its own models", principal: principal(.application, roles: ["application"], workloads: ["chat"]),
             action: .invokeModel, resource: model(), facts: facts(scope: CredentialScope(workloads: ["chat"], models: ["assistant"])),
             allowed: true, deciding: ["builtin.role.application"]),
        Case(name: "a person needs MFA for restricted models", principal: principal(.user, roles: ["data-scientist"], clearance: .restricted),
             action: .invokeModel, resource: model(.restricted), facts: facts(), allowed: false, deciding: ["builtin.mfa-for-classification"]),
        Case(name: "with MFA the restricted model is reachable", principal: principal(.user, roles: ["data-scientist"], clearance: .restricted),
             action: .invokeModel, resource: model(.restricted), facts: facts(mfa: true), allowed: true, deciding: ["builtin.role.data-scientist"]),
        Case(name: "break-glass with MFA inside its window, with an alert",
             principal: principal(.user, roles: ["break-glass"], clearance: .restricted, breakGlassUntil: now.addingTimeInterval(3600)),
             action: .readKeys, resource: Resource(kind: .key, id: "kms"), facts: facts(mfa: true), allowed: true,
             deciding: ["builtin.role.break-glass"], alerts: ["builtin.role.break-glass"]),
        Case(name: "break-glass without MFA", principal: principal(.user, roles: ["break-glass"], breakGlassUntil: now.addingTimeInterval(3600)),
             action: .readKeys, resource: Resource(kind: .key, id: "kms"), facts: facts(), allowed: false, deciding: ["builtin.break-glass-needs-mfa"]),
        Case(name: "break-glass after its window", principal: principal(.user, roles: ["break-glass"], breakGlassUntil: now.addingTimeInterval(-1)),
             action: .readKeys, resource: Resource(kind: .key, id: "kms"), facts: facts(mfa: true), allowed: false,
             deciding: ["builtin.break-glass-window"]),
        Case(name: "a disabled principal may do nothing", principal: principal(roles: ["admin"], disabled: true), action: .readPolicies,
             resource: Resource(kind: .policy, id: "*"), facts: facts(), allowed: false, deciding: []),
        Case(name: "an action no rule knows is denied", principal: principal(roles: ["admin"]), action: Action("model:delete"),
             resource: model(), facts: facts(), allowed: true, deciding: ["builtin.role.admin"]),
        Case(name: "no role, no access", principal: principal(roles: []), action: .listModels, resource: model(), facts: facts(),
             allowed: false, deciding: []),
    ]

    @Test(arguments: cases) func decides(_ c: Case) {
        let decision = Self.engine.authorize(c.principal, c.action, c.resource, c.facts)
        #expect(decision.allowed == c.allowed, "\(decision)")
        #expect(decision.decidingRules == c.deciding, "\(decision)")
        #expect(decision.alerts == c.alerts)
    }

    @Test func forbidWinsOverEveryPermit() throws {
        let own = try PolicyLoader.load(.init(text: """
            rules:
              - {id: everyone-in-ml-invokes, effect: permit, principals: {groups: [ml]}, actions: [model:invoke]}
              - {id: no-hr-for-contractors, effect: forbid, principals: {groups: [contractors]}, actions: ["model:*"], resources: {workloads: [hr*]}}
            """, file: "policies.yaml"))
        let engine = PolicyEngine(rules: BuiltinPolicies.rules() + own)
        let both = Self.principal(.application, roles: ["application"], groups: ["ml", "contractors"], clearance: .restricted, workloads: ["hr-chat"])
        let decision = engine.authorize(both, .invokeModel, Self.model(workload: "hr-chat"), Self.facts())
        #expect(!decision.allowed)
        #expect(decision.forbiddenBy == ["no-hr-for-contractors"])
        #expect(decision.permittedBy.sorted() == ["builtin.role.application", "everyone-in-ml-invokes"])
        #expect(decision.description.contains("forbidden by no-hr-for-contractors"))
    }

    @Test func conditionsOfOwnRules() throws {
        let own = try PolicyLoader.load(.init(text: """
            rules:
              - id: eu-staff-office-hours
                effect: permit
                principals: {kinds: [service]}
                actions: [model:invoke]
                when:
                  - principal_region: [eu]
                  - resource_region: [eu-west-1]
                  - time_window: {days: [mon, tue, wed, thu, fri], from: "08:00", to: "18:00"}
                  - department: [finance]
                  - authenticated_by: [api-key]
            """, file: "policies.yaml"))
        let engine = PolicyEngine(rules: own)
        var principal = Self.principal(roles: [])
        principal.attributes.region = "eu"
        principal.attributes.department = "finance"
        let monday10 = RequestFacts(now: Self.now.addingTimeInterval(2 * 86_400 + 10 * 3600),
                                    authentication: AuthenticationFacts(method: .apiKey, credentialID: "t"))
        #expect(engine.authorize(principal, .invokeModel, Self.model(), monday10).allowed)
        let saturday10 = RequestFacts(now: Self.now.addingTimeInterval(10 * 3600), authentication: monday10.authentication)
        #expect(!engine.authorize(principal, .invokeModel, Self.model(), saturday10).allowed)
        let monday19 = RequestFacts(now: Self.now.addingTimeInterval(2 * 86_400 + 19 * 3600), authentication: monday10.authentication)
        #expect(!engine.authorize(principal, .invokeModel, Self.model(), monday19).allowed)
        var us = principal
        us.attributes.region = "us"
        #expect(!engine.authorize(us, .invokeModel, Self.model(), monday10).allowed)
        let byCertificate = RequestFacts(now: monday10.now, authentication: AuthenticationFacts(method: .mutualTLS, credentialID: "t"))
        #expect(!engine.authorize(principal, .invokeModel, Self.model(), byCertificate).allowed)
    }

    @Test func aWindowMayWrapPastMidnight() {
        let night = TimeWindow(fromMinute: 22 * 60, toMinute: 6 * 60)
        let engine = PolicyEngine(rules: [PolicyRule(id: "night", effect: .permit, actions: [ActionPattern("*")], when: [.timeWindow(night)])])
        for (hour, inside) in [(23, true), (2, true), (6, false), (12, false), (21, false)] {
            let facts = RequestFacts(now: Self.now.addingTimeInterval(Double(hour) * 3600), authentication: Self.facts().authentication)
            #expect(engine.authorize(Self.principal(roles: []), .readPolicies, Resource(kind: .policy, id: "*"), facts).allowed == inside, "\(hour):00")
        }
    }
}

/// Resource id patterns: each `*` matches any run of characters, anywhere in the pattern.
@Suite struct ResourcePatternTests {
    @Test(arguments: [
        ("model:*", "model:fraud/artifacts", true), ("*/vault", "tenant/vault", true), ("*/vault", "tenant/vaults", false),
        ("model:*/artifacts", "model:fraud/artifacts", true), ("model:*/artifacts", "model:fraud/logs", false), ("a*b*c", "abc", true),
        ("a*b*c", "aXbYbZc", true), ("a*b*c", "acb", false), ("*", "", true), ("exact", "exact", true), ("exact", "exactly", false),
        ("**x", "yx", true), ("x*", "", false),
    ])
    func matches(_ pattern: String, _ id: String, _ expected: Bool) {
        let rule = PolicyRule(id: "t", effect: .permit, principals: PrincipalPattern(ids: ["p"]), actions: [ActionPattern("key:read")],
                              resources: ResourcePattern(ids: [pattern]))
        let decision = PolicyEngine(rules: [rule]).authorize(
            Principal(id: "p", tenant: "acme", kind: .service), .readKeys, Resource(kind: .key, id: id, tenant: "acme"),
            RequestFacts(now: Date(), authentication: AuthenticationFacts(method: .apiKey, credentialID: "k")))
        #expect(decision.allowed == expected)
    }
}
