/// Rules on Google Cloud resources in Terraform plans.
enum GoogleRules {
    static let aiPlatform = "aiplatform.googleapis.com"

    static let all: [PostureRule] = [
        PostureRule(
            id: "gcp.vertex.cmek", title: "Vertex AI resources and notebook disks are encrypted with a customer-managed key", cloud: .gcp, severity: .high,
            controls: ["KEY-CMEK"],
            remediation: "Set encryption_spec { kms_key_name } on Vertex AI datasets, endpoints, featurestores, tensorboards and metadata stores, and disk_encryption = \"CMEK\" with kms_key on notebook and workbench instances.",
            frameworks: ["Checkov CKV_GCP_92", "Checkov CKV2_GCP_24", "Checkov CKV2_GCP_21", "Checkov CKV2_GCP_27"],
            evaluate: AssetCheck.customerKey([.vertexAIResource, .googleInstance], noun: "the resource")),
        PostureRule(
            id: "gcp.kms.rotation", title: "Cloud KMS keys rotate at most every 90 days", cloud: .gcp, severity: .high, controls: ["KEY-ROTATION-90D"],
            remediation: "Set rotation_period = \"7776000s\" (90 days) or less on every symmetric crypto key.",
            frameworks: ["Checkov CKV_GCP_43"],
            evaluate: { infrastructure, settings in AWSRules.rotationChecks(infrastructure.keys.filter { $0.ref.cloud == .gcp }, settings: settings) }),
        PostureRule(
            id: "gcp.vpc-sc.vertex", title: "A VPC Service Controls perimeter restricts Vertex AI", cloud: .gcp, severity: .medium, controls: ["NET-PRIVATE"],
            remediation: "Add aiplatform.googleapis.com to the restricted_services of the service perimeter around the projects that use Vertex AI.",
            evaluate: { infrastructure, _ in
                let vertex = infrastructure.assets(.vertexAIResource)
                guard !vertex.isEmpty else { return [] }
                if infrastructure.perimeters.isEmpty {
                    return vertex.map { PostureRule.Check($0.ref, passed: false, "no service perimeter restricts \(aiPlatform)") }
                }
                return infrastructure.perimeters.map { perimeter in
                    perimeter.restrictedServices.contains(aiPlatform)
                        ? PostureRule.Check(perimeter.ref, passed: true, "the perimeter restricts \(aiPlatform)")
                        : PostureRule.Check(perimeter.ref, passed: false, "the perimeter does not restrict \(aiPlatform)")
                }
            }),
        PostureRule(
            id: "gcp.no-public-ip", title: "Notebooks, workbench and compute instances and Vertex AI endpoints have no public IP", cloud: .gcp, severity: .high,
            controls: ["NET-PRIVATE"],
            remediation: "Set no_public_ip = true (notebooks), gce_setup { disable_public_ip = true } (workbench), leave out access_config (compute), and give endpoints a private network.",
            frameworks: ["Checkov CKV_GCP_40", "Checkov CKV_GCP_89", "Checkov CKV2_GCP_28", "Checkov CKV2_GCP_33"],
            evaluate: AssetCheck.fact([.googleInstance, .vertexAIResource], { $0.publicNetwork }, wanted: false,
                                      pass: "no public IP", fail: "reachable on a public IP (the default when the setting is omitted)")),
    ]
}
