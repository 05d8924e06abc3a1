extension AWSRules {
    static let openSources: Set<String> = ["0.0.0.0/0", "::/0"]

    static let network: [PostureRule] = [
        PostureRule(
            id: "aws.ec2.no-open-ingress", title: "Security groups admit no traffic from 0.0.0.0/0 or ::/0", cloud: .aws, severity: .high,
            controls: ["NET-PRIVATE"],
            remediation: "Admit traffic from the security groups or private ranges that need it; reach GenAI services through VPC endpoints and a load balancer, never from the whole internet.",
            frameworks: ["AWS Security Hub EC2.18", "AWS Config vpc-sg-open-only-to-authorized-ports", "Checkov CKV_AWS_24", "Checkov CKV_AWS_25", "Checkov CKV_AWS_260"],
            evaluate: { infrastructure, _ in
                infrastructure.firewalls.filter { $0.ref.cloud == .aws }.map { firewall in
                    let open = firewall.ingress.filter { openSources.contains($0.source) }
                    return open.isEmpty
                        ? PostureRule.Check(firewall.ref, passed: true, "no ingress from the whole internet")
                        : PostureRule.Check(firewall.ref, passed: false, open.map { "\($0.source) on \($0.ports)" }.joined(separator: ", "))
                }
            }),
        PostureRule(
            id: "aws.sagemaker.notebook-no-direct-internet", title: "SageMaker notebook instances have no direct internet access", cloud: .aws, severity: .high,
            controls: ["NET-PRIVATE"],
            remediation: "Set DirectInternetAccess: Disabled (with a SubnetId); an omitted setting means Enabled.",
            frameworks: ["AWS Security Hub SageMaker.1", "AWS Config sagemaker-notebook-no-direct-internet-access", "Checkov CKV_AWS_122"],
            evaluate: AssetCheck.fact([.sageMakerNotebook], { $0.publicNetwork }, wanted: false,
                                      pass: "direct internet access is disabled", fail: "direct internet access is enabled (it is when DirectInternetAccess is omitted)")),
        PostureRule(
            id: "aws.sagemaker.notebook-in-vpc", title: "SageMaker notebook instances run in a VPC", cloud: .aws, severity: .medium, controls: ["NET-PRIVATE"],
            remediation: "Set SubnetId and SecurityGroupIds on the notebook instance.",
            frameworks: ["AWS Security Hub SageMaker.2", "AWS Config sagemaker-notebook-instance-inside-vpc", "Checkov CKV_AWS_306"],
            evaluate: AssetCheck.fact([.sageMakerNotebook], { $0.inPrivateNetwork }, wanted: true, pass: "runs in a VPC subnet", fail: "no SubnetId: the notebook is not in a VPC")),
        PostureRule(
            id: "aws.sagemaker.network-isolation", title: "SageMaker models and jobs run with network isolation", cloud: .aws, severity: .high, controls: ["NET-PRIVATE"],
            remediation: "Set EnableNetworkIsolation: true on models and on training and processing jobs; the default is false.",
            frameworks: ["AWS Config sagemaker-model-isolation-enabled", "Checkov CKV_AWS_370"],
            evaluate: AssetCheck.fact([.sageMakerModel, .sageMakerTrainingJob, .sageMakerProcessingJob], { $0.networkIsolation }, wanted: true,
                                      pass: "network isolation is on", fail: "network isolation is off (the default when EnableNetworkIsolation is omitted)")),
        PostureRule(
            id: "aws.sagemaker.in-vpc", title: "SageMaker models and jobs run in a VPC", cloud: .aws, severity: .medium, controls: ["NET-PRIVATE"],
            remediation: "Set VpcConfig (subnets and security groups) on models and on training and processing jobs.",
            evaluate: AssetCheck.fact([.sageMakerModel, .sageMakerTrainingJob, .sageMakerProcessingJob], { $0.inPrivateNetwork }, wanted: true,
                                      pass: "runs in a VPC", fail: "no VpcConfig: it runs outside any VPC")),
        PostureRule(
            id: "aws.sagemaker.domain-vpc-only", title: "SageMaker domains reach the network only through their VPC", cloud: .aws, severity: .high, controls: ["NET-PRIVATE"],
            remediation: "Set AppNetworkAccessType: VpcOnly; the default, PublicInternetOnly, gives every app direct internet access.",
            evaluate: AssetCheck.fact([.sageMakerDomain], { $0.inPrivateNetwork }, wanted: true, pass: "VPC-only network access", fail: "public internet access (AppNetworkAccessType is PublicInternetOnly or omitted)")),
        PostureRule(
            id: "aws.vpc.genai-endpoints", title: "VPCs reach Bedrock and SageMaker runtime through interface endpoints", cloud: .aws, severity: .medium,
            controls: ["NET-PRIVATE"],
            remediation: "Add interface VPC endpoints for com.amazonaws.REGION.bedrock-runtime and com.amazonaws.REGION.sagemaker.runtime with private DNS, so that model calls never leave the network.",
            evaluate: { infrastructure, _ in
                var needed: [String] = []
                if !infrastructure.assets(.bedrockAgent, .bedrockCustomModel, .bedrockInvocationLogging).isEmpty { needed.append("bedrock-runtime") }
                if !infrastructure.assets(.sageMakerModel, .sageMakerEndpointConfig).isEmpty { needed.append("sagemaker.runtime") }
                guard !needed.isEmpty else { return [] }
                return infrastructure.networks.filter { $0.cloud == .aws }.map { network in
                    let endpoints = infrastructure.serviceEndpoints.filter { $0.network == nil || $0.network == network.name || $0.network == network.cloudID }
                    let missing = needed.filter { service in !endpoints.contains { $0.service.hasSuffix(".\(service)") } }
                    return missing.isEmpty
                        ? PostureRule.Check(network, passed: true, "interface endpoints for \(needed.joined(separator: " and "))")
                        : PostureRule.Check(network, passed: false, "no interface endpoint for \(missing.joined(separator: " or "))")
                }
            }),
        PostureRule(
            id: "aws.s3.deny-insecure-transport", title: "Bucket policies deny requests without TLS", cloud: .aws, severity: .medium, controls: ["NET-TLS13"],
            remediation: "Add a Deny statement for s3:* on the bucket and its objects with the condition Bool aws:SecureTransport false.",
            frameworks: ["AWS Security Hub S3.5", "AWS Config s3-bucket-ssl-requests-only"],
            evaluate: bucketPolicyCheck(condition: "bool:aws:securetransport=false", pass: "the bucket policy denies requests without TLS",
                                        fail: "no statement denies requests without TLS (Deny with Bool aws:SecureTransport false)")),
        PostureRule(
            id: "aws.s3.deny-old-tls", title: "Bucket policies deny TLS older than 1.2", cloud: .aws, severity: .low, controls: ["NET-TLS13"],
            remediation: "Add a Deny statement for s3:* with the condition NumericLessThan s3:TlsVersion 1.2 (or 1.3).",
            evaluate: bucketPolicyCheck(condition: "numericlessthan:s3:tlsversion=", pass: "the bucket policy denies old TLS versions",
                                        fail: "no statement denies old TLS (Deny with NumericLessThan s3:TlsVersion 1.2)")),
        PostureRule(
            id: "aws.s3.public-access-block", title: "S3 Block Public Access stays on for buckets", cloud: .aws, severity: .high, controls: ["NET-PRIVATE"],
            remediation: "Set all four PublicAccessBlockConfiguration settings to true (the default for new buckets).",
            frameworks: ["AWS Security Hub S3.8"],
            evaluate: AssetCheck.fact([.bucket], { $0.bucket?.publicAccessBlocked ?? true }, wanted: true,
                                      pass: "public access is blocked", fail: "a Block Public Access setting is turned off")),
    ]

    /// Buckets whose policy has a Deny statement with a condition starting with `condition` (lowercased).
    static func bucketPolicyCheck(condition: String, pass: String, fail: String) -> @Sendable (Infrastructure, PostureSettings) -> [PostureRule.Check] {
        { infrastructure, _ in
            infrastructure.assets(.bucket).compactMap { bucket in
                guard let facts = bucket.bucket else { return nil }
                let denies = facts.policy?.statements.contains { statement in
                    !statement.allows && statement.conditions.contains { $0.lowercased().hasPrefix(condition) }
                } ?? false
                return PostureRule.Check(bucket.ref, passed: denies, denies ? pass : fail)
            }
        }
    }
}
