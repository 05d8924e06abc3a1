extension AWSAccountReader {
    static let iamVersion = "2010-05-08"

    /// Roles (trust, inline and attached policies, tags) and customer-managed policies with the roles they are
    /// attached to. Service-linked roles, which AWS owns, are left out.
    func readIAM() async throws(PostureReadError) -> [DeclaredResource] {
        let region = "us-east-1"
        var out: [DeclaredResource] = []
        var attachments: [String: [String]] = [:]
        for role in try await queryPages("iam", "ListRoles", version: Self.iamVersion, region: region, items: ["Roles"]) {
            guard let name = role["RoleName"]?.string, !(role["Path"]?.string ?? "").hasPrefix("/aws-service-role/") else { continue }
            var inline: [TemplateValue] = []
            for policyName in try await queryPages("iam", "ListRolePolicies", version: Self.iamVersion, region: region, items: ["PolicyNames"], [("RoleName", name)]) {
                guard let policyName = policyName.string else { continue }
                let policy = try await query("iam", "GetRolePolicy", version: Self.iamVersion, region: region, [("RoleName", name), ("PolicyName", policyName)])
                inline.append(.object(["PolicyName": .string(policyName), "PolicyDocument": Self.policy(policy["PolicyDocument"])]))
            }
            var managed: [TemplateValue] = []
            for attached in try await queryPages("iam", "ListAttachedRolePolicies", version: Self.iamVersion, region: region, items: ["AttachedPolicies"], [("RoleName", name)]) {
                guard let arn = attached["PolicyArn"]?.string else { continue }
                if arn.contains(":aws:policy/") { managed.append(.string(arn)) } else { attachments[arn, default: []].append(name) }
            }
            let tags = try await queryPages("iam", "ListRoleTags", version: Self.iamVersion, region: region, items: ["Tags"], [("RoleName", name)])
            out.append(Self.resource("AWS::IAM::Role", name, region: nil, arn: role["Arn"]?.string, [
                "RoleName": .string(name), "AssumeRolePolicyDocument": Self.policy(role["AssumeRolePolicyDocument"]), "Policies": .array(inline),
                "ManagedPolicyArns": .array(managed), "Tags": .array(tags),
            ]))
        }
        for policy in try await queryPages("iam", "ListPolicies", version: Self.iamVersion, region: region, items: ["Policies"], [("Scope", "Local")]) {
            guard let arn = policy["Arn"]?.string, let name = policy["PolicyName"]?.string, let version = policy["DefaultVersionId"]?.string else { continue }
            let document = try await query("iam", "GetPolicyVersion", version: Self.iamVersion, region: region, [("PolicyArn", arn), ("VersionId", version)])
            out.append(Self.resource("AWS::IAM::ManagedPolicy", name, region: nil, arn: arn, [
                "ManagedPolicyName": .string(name), "PolicyDocument": Self.policy(document.at("PolicyVersion", "Document")),
                "Roles": .array((attachments[arn] ?? []).map(TemplateValue.string)),
            ]))
        }
        return out
    }
}
