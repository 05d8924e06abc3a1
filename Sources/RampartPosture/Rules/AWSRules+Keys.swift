extension AWSRules {
    static let keys: [PostureRule] = [
        PostureRule(
            id: "aws.kms.rotation", title: "KMS keys rotate automatically at most every 90 days", cloud: .aws, severity: .high,
            controls: ["KEY-ROTATION-90D"],
            remediation: "Set EnableKeyRotation: true and RotationPeriodInDays: 90 (or fewer) on every symmetric encryption key; AWS's default period is 365 days.",
            frameworks: ["AWS Security Hub KMS.4", "AWS Config cmk-backing-key-rotation-enabled", "Checkov CKV_AWS_7"],
            evaluate: { infrastructure, settings in rotationChecks(infrastructure.keys.filter { $0.ref.cloud == .aws }, settings: settings) }),
        PostureRule(
            id: "aws.kms.policy-no-wildcards", title: "KMS key policies name their principals and actions", cloud: .aws, severity: .high,
            controls: ["KEY-DECRYPT-ALLOWLIST"],
            remediation: "Replace \"Principal\": \"*\" with the roles that need the key, and \"kms:*\" with the actions each needs (administrators: kms:Create*, kms:Describe*, kms:Enable*, kms:Put*, kms:Update*, kms:Revoke*, kms:Disable*, kms:Get*, kms:Delete*, kms:ScheduleKeyDeletion, kms:CancelKeyDeletion).",
            frameworks: ["Checkov CKV_AWS_33"],
            evaluate: { infrastructure, _ in
                infrastructure.keys.filter { $0.ref.cloud == .aws }.compactMap { key in
                    guard let policy = key.policy else { return nil }
                    var problems: [String] = []
                    for (index, statement) in policy.statements.enumerated() where statement.allows {
                        if statement.hasWildcardPrincipal { problems.append("statement \(index + 1) allows any principal (\"*\") without a condition") }
                        let wild = statement.actions.filter { $0 == "*" || $0.lowercased() == "kms:*" }
                        if !wild.isEmpty || statement.notAction { problems.append("statement \(index + 1) allows \(statement.notAction ? "NotAction" : wild.joined(separator: ", "))") }
                    }
                    return problems.isEmpty
                        ? PostureRule.Check(key.ref, passed: true, "the key policy names its principals and actions")
                        : PostureRule.Check(key.ref, passed: false, problems.joined(separator: "; "))
                }
            }),
        PostureRule(
            id: "aws.kms.decrypt-allowlist", title: "Only service identities and break-glass roles may decrypt with a KMS key", cloud: .aws, severity: .high,
            controls: ["KEY-DECRYPT-ALLOWLIST", "IAM-SERVICE-ROLES"],
            remediation: "Grant kms:Decrypt in the key policy only to the service roles that use the key and to break-glass roles, not to the account root (which delegates to every IAM identity) or to \"*\"; list them in posture.decrypt_allowlist.",
            evaluate: { infrastructure, settings in
                let serviceRoles = serviceRoleNames(infrastructure)
                return infrastructure.keys.filter { $0.ref.cloud == .aws }.compactMap { key in
                    guard let policy = key.policy else { return nil }
                    let grantees = policy.statements.filter { $0.grants("kms:Decrypt") }.flatMap(\.principals)
                    let refused = grantees.filter { !decryptAllowed($0, allowlist: settings.decryptAllowlist, serviceRoles: serviceRoles) }
                    if refused.isEmpty {
                        return PostureRule.Check(key.ref, passed: true, grantees.isEmpty ? "no statement allows decryption" : "decryption is allowed only to \(grantees.joined(separator: ", "))")
                    }
                    return PostureRule.Check(key.ref, passed: false, "decryption is allowed to \(refused.joined(separator: ", ")), outside the allowlist")
                }
            }),
    ]

    /// Rotation on, within the period, for the keys that can rotate.
    static func rotationChecks(_ keys: [EncryptionKey], settings: PostureSettings) -> [PostureRule.Check] {
        keys.filter(\.rotates).compactMap { key in
            guard let enabled = key.rotationEnabled else { return nil }
            guard enabled else { return PostureRule.Check(key.ref, passed: false, "automatic rotation is off") }
            guard let days = key.rotationDays else { return nil }
            return days <= settings.rotationDays
                ? PostureRule.Check(key.ref, passed: true, "the key rotates every \(days) days")
                : PostureRule.Check(key.ref, passed: false, "the key rotates every \(days) days, more than \(settings.rotationDays)")
        }
    }

    /// Names of the roles declared with a trust policy that admits only AWS services.
    static func serviceRoleNames(_ infrastructure: Infrastructure) -> Set<String> {
        var names: Set<String> = []
        for role in infrastructure.roles {
            let principals = role.trust?.statements.filter(\.allows).flatMap(\.principals) ?? []
            guard !principals.isEmpty, principals.allSatisfy({ $0.hasPrefix("Service:") }) else { continue }
            names.insert(role.ref.name)
            names.insert(role.roleName)
        }
        return names
    }

    /// Whether a principal may be granted decryption.
    static func decryptAllowed(_ principal: String, allowlist: [String], serviceRoles: Set<String>) -> Bool {
        let value = principal.split(separator: ":", maxSplits: 1).last.map(String.init) ?? principal
        if !allowlist.isEmpty { return allowlist.contains { Glob.matches($0, value) || Glob.matches($0, principal) } }
        if principal.hasPrefix("Service:") { return true }
        guard principal.hasPrefix("AWS:"), value != "*", !value.hasSuffix(":root"), !value.allSatisfy(\.isNumber) else { return false }
        let lower = value.lowercased()
        if lower.contains("break-glass") || lower.contains("breakglass") { return true }
        // A declared role, by reference (`${Role}`, `${Role.Arn}`) or by its name at the end of an ARN.
        let name = value.hasPrefix("${") ? String(value.dropFirst(2).prefix { $0 != "." && $0 != "}" }) : String(value.split(separator: "/").last ?? "")
        return serviceRoles.contains(name)
    }
}
