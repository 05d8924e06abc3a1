public import RampartCore

/// The rules every Rampart runs, before any of the operator's own: the built-in roles of the second seed
/// document and the guards that no permit can override.
public enum BuiltinPolicies {
    /// Role names with a built-in meaning.
    public static let roles: [String] = ["admin", "security-analyst", "auditor", "data-scientist", "application", "break-glass"]

    /// When a second factor is required.
    public struct MFARequirements: Sendable, Hashable {
        /// People holding any of these roles must prove MFA for every action.
        public var roles: Set<String>
        /// People must prove MFA to invoke a model classified this high or higher; nil: never by classification.
        public var classification: DataClassification?

        public init(roles: Set<String> = ["admin"], classification: DataClassification? = .restricted) {
            self.roles = roles
            self.classification = classification
        }
    }

    public static func rules(mfa: MFARequirements = MFARequirements()) -> [PolicyRule] {
        let models: [ActionPattern] = [ActionPattern("model:invoke"), ActionPattern("model:list")]
        var rules: [PolicyRule] = [
            // Guards: forbids that hold whatever else is permitted.
            PolicyRule(id: "builtin.tenant-isolation", effect: .forbid, description: "nobody acts on another tenant's resources",
                       actions: [ActionPattern("*")], unless: [.sameTenant]),
            PolicyRule(id: "builtin.clearance", effect: .forbid,
                       description: "the caller's clearance must reach the classification of the workload and the model",
                       actions: models + [ActionPattern("dataset:*"), ActionPattern("pii:reveal")], unless: [.clearanceCoversResource]),
            PolicyRule(id: "builtin.credential-scope", effect: .forbid, description: "a scoped API key reaches only its workloads and models",
                       actions: models, unless: [.withinCredentialScope]),
            PolicyRule(id: "builtin.data-scientist-no-key-material", effect: .forbid, description: "data scientists never see key material",
                       principals: PrincipalPattern(roles: ["data-scientist"]), actions: [ActionPattern("key:*")]),
            PolicyRule(id: "builtin.break-glass-needs-mfa", effect: .forbid, description: "break-glass access needs MFA",
                       principals: PrincipalPattern(roles: ["break-glass"]), actions: [ActionPattern("*")], unless: [.multiFactor]),
            // The automated response's measures (and an administrator's): they hold until lifted or expired.
            PolicyRule(id: "builtin.containment.suspended", effect: .forbid,
                       description: "a suspended principal or credential is refused everything until the suspension is lifted",
                       actions: [ActionPattern("*")], when: [.suspended]),
            PolicyRule(id: "builtin.containment.quarantine", effect: .forbid, description: "nobody calls a quarantined workload",
                       actions: models, when: [.workloadQuarantined]),
            PolicyRule(id: "builtin.containment.mfa", effect: .forbid,
                       description: "a caller the response requires to prove MFA is refused until it does",
                       actions: [ActionPattern("*")], when: [.multiFactorRequiredByResponse], unless: [.multiFactor]),
            PolicyRule(id: "builtin.break-glass-window", effect: .forbid, description: "break-glass access is time-bound",
                       principals: PrincipalPattern(roles: ["break-glass"]), actions: [ActionPattern("*")], unless: [.breakGlassActive]),
            // Keys: only service identities decrypt; a person decrypts only under break-glass (MFA, an open window, an alert).
            PolicyRule(id: "builtin.keys.people-do-not-decrypt", effect: .forbid,
                       description: "people decrypt only under break-glass; service identities decrypt what they are granted",
                       principals: PrincipalPattern(kinds: [.user]), actions: [ActionPattern("key:decrypt")], unless: [.breakGlassInEffect]),
            PolicyRule(id: "builtin.keys.local-operator", effect: .permit,
                       description: "the operator's command line seals, rotates, rewraps and shreds keys (decrypting needs a service identity)",
                       actions: ["key:read", "key:rotate", "key:encrypt", "key:rewrap", "key:shred"].map(ActionPattern.init),
                       resources: ResourcePattern(kinds: [.key]), when: [.authenticatedBy([.local])]),
            PolicyRule(id: "builtin.keys.rampart-vault", effect: .permit,
                       description: "Rampart's own services seal and open the pseudonym vault",
                       actions: ["key:encrypt", "key:decrypt"].map(ActionPattern.init),
                       resources: ResourcePattern(kinds: [.key], ids: ["tenant/vault"]), when: [.authenticatedBy([.system])]),
            PolicyRule(id: "builtin.keys.rampart-audit", effect: .permit,
                       description: "Rampart's audit log seals personal facts under their data subject's key (it never opens them)",
                       actions: [ActionPattern("key:encrypt")],
                       resources: ResourcePattern(kinds: [.key], ids: ["subject:*/personal"]), when: [.authenticatedBy([.system])]),
            PolicyRule(id: "builtin.keys.rampart-maintenance", effect: .permit,
                       description: "Rampart's own services rotate overdue keys and rewrap stored data keys",
                       actions: ["key:read", "key:rotate", "key:rewrap"].map(ActionPattern.init),
                       resources: ResourcePattern(kinds: [.key]), when: [.authenticatedBy([.system])]),
            // Built-in roles.
            PolicyRule(id: "builtin.role.admin", effect: .permit, description: "administrators manage their tenant",
                       principals: PrincipalPattern(roles: ["admin"]), actions: [ActionPattern("*")]),
            PolicyRule(id: "builtin.role.security-analyst", effect: .permit, description: "security analysts read audit and identities, and triage findings (lifting a containment is an admin's)",
                       principals: PrincipalPattern(roles: ["security-analyst"]),
                       actions: ["audit:read", "evidence:read", "principal:read", "apikey:read", "policy:read", "budget:read", "model:list",
                                 "guard:scan", "finding:read", "finding:write", "containment:read"].map(ActionPattern.init)),
            PolicyRule(id: "builtin.role.auditor", effect: .permit, description: "auditors read evidence, read-only",
                       principals: PrincipalPattern(roles: ["auditor"]),
                       actions: ["evidence:read", "audit:read", "policy:read"].map(ActionPattern.init)),
            PolicyRule(id: "builtin.role.data-scientist", effect: .permit, description: "data scientists read datasets and call models",
                       principals: PrincipalPattern(roles: ["data-scientist"]),
                       actions: ["dataset:read", "model:invoke", "model:list", "guard:scan"].map(ActionPattern.init)),
            PolicyRule(id: "builtin.role.application", effect: .permit,
                       description: "applications invoke only the workloads granted to them, and see their users' data restored in answers",
                       principals: PrincipalPattern(roles: ["application"]), actions: models + [ActionPattern("pii:reveal")], when: [.workloadGranted]),
            PolicyRule(id: "builtin.role.application-guard", effect: .permit, description: "applications may use the detectors as a service",
                       principals: PrincipalPattern(roles: ["application"]), actions: [ActionPattern("guard:scan")]),
            PolicyRule(id: "builtin.role.break-glass", effect: .permit, description: "emergency access; every use raises an alert",
                       principals: PrincipalPattern(roles: ["break-glass"]), actions: [ActionPattern("*")],
                       when: [.multiFactor, .breakGlassActive], alert: true),
        ]
        if !mfa.roles.isEmpty {
            rules.append(PolicyRule(id: "builtin.mfa-for-roles", effect: .forbid, description: "people in these roles must prove MFA",
                                    principals: PrincipalPattern(roles: mfa.roles, kinds: [.user]), actions: [ActionPattern("*")],
                                    unless: [.multiFactor]))
        }
        if let level = mfa.classification {
            rules.append(PolicyRule(id: "builtin.mfa-for-classification", effect: .forbid,
                                    description: "people must prove MFA to use models classified \(level) or higher",
                                    principals: PrincipalPattern(kinds: [.user]), actions: [ActionPattern("model:invoke")],
                                    when: [.classificationAtLeast(level)], unless: [.multiFactor]))
        }
        return rules
    }
}
