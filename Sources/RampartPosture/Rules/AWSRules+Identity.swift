extension AWSRules {
    /// Actions no policy should grant: everything, or everything of a GenAI service.
    static let forbiddenActions = ["*", "*:*", "bedrock:*", "sagemaker:*"]
    /// Provider-managed policies that grant full access to everything or to a GenAI service.
    static let fullAccessPolicies = ["AdministratorAccess", "PowerUserAccess", "AmazonBedrockFullAccess", "AmazonSageMakerFullAccess", "AmazonS3FullAccess"]
    /// S3 actions that change a dataset.
    static let datasetWrites = ["s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObjectAcl", "s3:PutBucketPolicy", "s3:DeleteBucket",
                                "s3:PutLifecycleConfiguration", "s3:RestoreObject"]

    static let identity: [PostureRule] = [
        PostureRule(
            id: "aws.iam.no-wildcard-actions", title: "IAM policies grant no \"*\", bedrock:* or sagemaker:* actions", cloud: .aws, severity: .high,
            controls: ["IAM-FINE-GRAINED-ROLES", "IAM-SERVICE-ROLES"],
            remediation: "List the actions each role needs (bedrock:InvokeModel on named models, sagemaker:InvokeEndpoint on named endpoints) instead of wildcards; this holds for roles that AWS services assume too.",
            frameworks: ["AWS Security Hub IAM.1", "AWS Security Hub IAM.21", "AWS Config iam-policy-no-statements-with-admin-access", "Checkov CKV_AWS_62", "Checkov CKV_AWS_63"],
            evaluate: { infrastructure, _ in
                infrastructure.policies.filter { $0.ref.cloud == .aws }.map { policy in
                    var problems: [String] = []
                    for (index, statement) in policy.document.statements.enumerated() where statement.allows {
                        if statement.notAction { problems.append("statement \(index + 1) allows everything but \(statement.actions.joined(separator: ", ")) (NotAction)"); continue }
                        let wild = statement.actions.filter { action in forbiddenActions.contains(action.lowercased()) }
                        if !wild.isEmpty { problems.append("statement \(index + 1) allows \(wild.joined(separator: ", "))") }
                    }
                    let owner = policy.roles.isEmpty ? "" : " (roles: \(policy.roles.joined(separator: ", ")))"
                    return problems.isEmpty
                        ? PostureRule.Check(policy.ref, passed: true, "the policy names its actions\(owner)")
                        : PostureRule.Check(policy.ref, passed: false, problems.joined(separator: "; ") + owner)
                }
            }),
        PostureRule(
            id: "aws.iam.no-full-access-managed-policies", title: "No role holds an AWS-managed full-access policy", cloud: .aws, severity: .high,
            controls: ["IAM-FINE-GRAINED-ROLES"],
            remediation: "Detach AdministratorAccess, PowerUserAccess and the Amazon*FullAccess policies; attach a policy with the role's own actions and resources.",
            evaluate: { infrastructure, _ in
                infrastructure.roles.filter { $0.ref.cloud == .aws }.map { role in
                    let full = role.managedPolicyARNs.filter { arn in fullAccessPolicies.contains { arn.hasSuffix("policy/\($0)") } }
                    return full.isEmpty
                        ? PostureRule.Check(role.ref, passed: true, "no full-access managed policy is attached")
                        : PostureRule.Check(role.ref, passed: false, "attached: \(full.joined(separator: ", "))")
                }
            }),
        PostureRule(
            id: "aws.iam.data-scientist-read-only", title: "Data scientists' roles are read-only on dataset buckets", cloud: .aws, severity: .high,
            controls: ["IAM-FINE-GRAINED-ROLES"],
            remediation: "Give data-scientist roles s3:GetObject and s3:ListBucket on dataset buckets; writes go through the data pipeline's service role. Roles are found by the tag rampart:role=data-scientist or a name with 'datascien'; buckets by rampart:data=dataset or a name with 'dataset' or 'training-data'.",
            evaluate: { infrastructure, _ in
                let datasets = infrastructure.assets(.bucket).filter { $0.bucket?.holdsDatasets == true }
                let datasetNames = datasets.flatMap { $0.names + [$0.ref.cloudID ?? ""] }.filter { !$0.isEmpty }
                return infrastructure.roles.filter(\.isDataScientist).map { role in
                    var writes: [String] = []
                    let full = role.managedPolicyARNs.filter { arn in ["AdministratorAccess", "PowerUserAccess", "AmazonS3FullAccess"].contains { arn.hasSuffix("policy/\($0)") } }
                    writes += full.map { "managed policy \($0)" }
                    for policy in infrastructure.policies where policy.roles.contains(role.ref.name) || policy.roles.contains(role.roleName) {
                        for statement in policy.document.statements where datasetWrites.contains(where: statement.grants) {
                            let onDatasets = statement.resources.contains { resource in
                                resource == "*" || resource.hasPrefix("arn:aws:s3:::*") || datasetNames.contains { resource.contains($0) }
                            }
                            if onDatasets { writes.append("\(policy.ref.name) allows \(datasetWrites.filter(statement.grants).joined(separator: ", ")) on \(statement.resources.joined(separator: ", "))") }
                        }
                    }
                    return writes.isEmpty
                        ? PostureRule.Check(role.ref, passed: true, "the data scientist's role cannot change datasets")
                        : PostureRule.Check(role.ref, passed: false, writes.joined(separator: "; "))
                }
            }),
    ]
}
