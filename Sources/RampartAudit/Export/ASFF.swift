import Foundation

/// OCSF findings as AWS Security Finding Format (ASFF) findings, for Security Hub CSPM's `BatchImportFindings`, which
/// takes at most 100 findings a call. Events that are not findings (API Activity, Authentication) have no ASFF form.
public enum ASFF {
    public static let schemaVersion = "2018-10-08"
    /// The most findings one `BatchImportFindings` call takes.
    public static let batchLimit = 100

    /// Where the findings are imported: the account and region of the Security Hub that receives them.
    public struct Target: Sendable, Hashable {
        public var accountID: String
        public var region: String

        public init(accountID: String, region: String) {
            self.accountID = accountID
            self.region = region
        }

        /// The product ARN of an account's own findings (the `default` product).
        public var productARN: String { "arn:aws:securityhub:\(region):\(accountID):product/\(accountID)/default" }
    }

    /// The ASFF finding of an OCSF event, or nil for an event that is not a finding.
    public static func finding(_ event: CanonicalJSON, target: Target) -> CanonicalJSON? {
        guard let classID = event["class_uid"]?.int, let kind = OCSF.Class(rawValue: classID),
              [.complianceFinding, .detectionFinding, .dataSecurityFinding].contains(kind),
              let uid = event["metadata"]?["uid"]?.string, let time = event["time"]?.int
        else { return nil }
        let info = event["finding_info"]
        let title = String((info?["title"]?.string ?? kind.name).prefix(256))
        let description = String((event["message"]?.string ?? title).prefix(1024))
        let timestamp = AuditEvent.timestamp(Date(timeIntervalSince1970: Double(time) / 1000))
        let severity = event["severity_id"]?.int.flatMap(OCSF.Severity.init(rawValue:)) ?? .informational
        let label = switch severity {
        case .informational: "INFORMATIONAL"
        case .low: "LOW"
        case .medium: "MEDIUM"
        case .high: "HIGH"
        case .critical: "CRITICAL"
        }
        let types: [String] = switch kind {
        case .complianceFinding where (info?["types"]).flatMap(OCSF.Context.strings) == ["Posture check"]:
            ["Software and Configuration Checks/AWS Security Best Practices/Generative AI Infrastructure"]
        case .complianceFinding: ["Software and Configuration Checks/Industry and Regulatory Standards/Generative AI Security Scoping Matrix"]
        // A detection's own type (its rule's); the gateway's detectors' findings are injection attempts and canary leaks.
        case .detectionFinding: (info?["types"]).flatMap(OCSF.Context.strings).flatMap { $0.first?.contains("/") == true ? $0 : nil }
            ?? ["TTPs/Initial Access/Prompt Injection"]
        default:
            (info?["types"]).flatMap(OCSF.Context.strings)?.contains { $0.hasPrefix("SECRET") || $0.contains("KEY") || $0.contains("TOKEN") } == true
                ? ["Sensitive Data Identifications/Passwords"] : ["Sensitive Data Identifications/PII"]
        }
        var resource: [String: CanonicalJSON] = ["Type": .string("Other"), "Id": .string("rampart-gateway"), "Region": .string(target.region)]
        let posture = info?["types"].flatMap(OCSF.Context.strings) == ["Posture check"]
        if posture, case .array(let resources)? = event["resources"], let first = resources.first,
           let type = first["type"]?.string, let id = first["uid"]?.string {
            // A posture check is about a cloud resource: its ASFF type and ARN (or its place in a template).
            resource = ["Type": .string(type), "Id": .string(String(id.prefix(512))), "Region": .string(first["region"]?.string ?? target.region)]
            if let labels = first["labels"].flatMap(OCSF.Context.strings), let name = first["name"]?.string {
                resource["Details"] = .object(["Other": .object(["Name": .string(name), "Source": .string(labels.joined(separator: ","))])])
            }
        } else if case .array(let resources)? = event["resources"], let first = resources.first, let name = first["name"]?.string {
            resource["Id"] = .string("rampart:workload/\(name)")
            resource["Details"] = .object(["Other": .object(["Workload": .string(name)].merging(
                first["labels"].flatMap(OCSF.Context.strings).map { ["Labels": .string($0.joined(separator: ","))] } ?? [:]) { a, _ in a })])
        }
        var fields: [String: CanonicalJSON] = [
            "rampart/ocsf_class_uid": .string(String(classID)),
        ]
        if let sequence = event["metadata"]?["sequence"]?.int { fields["rampart/audit_seq"] = .string(String(sequence)) }
        if let request = event["metadata"]?["correlation_uid"]?.string { fields["rampart/request_id"] = .string(request) }
        var finding: [String: CanonicalJSON] = [
            "SchemaVersion": .string(schemaVersion), "Id": .string(uid), "ProductArn": .string(target.productARN),
            "GeneratorId": .string(posture ? "rampart/posture/\(event["compliance"]?["control"]?.string ?? "rule")"
                : kind == .complianceFinding ? "rampart/scoping-matrix/\(event["compliance"]?["control"]?.string ?? "control")"
                : info?["analytic"]?["uid"]?.string.flatMap { $0 == "rampart-detectors" ? nil : "rampart/detection/\($0)" } ?? "rampart/detectors"),
            "AwsAccountId": .string(target.accountID), "Types": .array(types.map(CanonicalJSON.string)),
            "CreatedAt": .string(timestamp), "UpdatedAt": .string(timestamp),
            "Severity": .object(["Label": .string(label), "Original": .string(severity.name)]),
            "Title": .string(title), "Description": .string(description),
            "Resources": .array([.object(resource)]), "ProductFields": .object(fields),
            "RecordState": .string("ACTIVE"), "Workflow": .object(["Status": .string("NEW")]),
        ]
        if kind == .complianceFinding, let compliance = event["compliance"] {
            let status = switch compliance["status_id"]?.int {
            case 1: "PASSED"
            case 2: "WARNING"
            default: "FAILED"
            }
            finding["Compliance"] = .object([
                "Status": .string(status),
                "RelatedRequirements": .array((compliance["standards"].flatMap(OCSF.Context.strings) ?? []).prefix(32).map(CanonicalJSON.string)),
            ])
        }
        return .object(finding)
    }

    /// The findings of `events`, in batches of at most `batchLimit`.
    public static func batches(_ events: [CanonicalJSON], target: Target) -> [[CanonicalJSON]] {
        let findings = events.compactMap { finding($0, target: target) }
        return stride(from: 0, to: findings.count, by: batchLimit).map { Array(findings[$0..<min(findings.count, $0 + batchLimit)]) }
    }
}
