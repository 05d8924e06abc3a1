import Foundation
import RampartCore
public import RampartAudit
public import RampartPosture

/// `rampart posture scan PATH... | aws`: posture rules over CloudFormation templates, Terraform plans or a live AWS
/// account, rendered as text, JSON, SARIF, OCSF Compliance Findings (JSON lines) or ASFF.
public enum PostureCommands {
    /// What to scan and how to report it.
    public struct Options: Sendable {
        public var format: ScanRenderer.Format
        /// Exit 1 when a check at or above this severity fails.
        public var failOn: PostureRule.Severity?
        /// CloudFormation parameter values (`Name=Value`).
        public var parameters: [String: String]
        /// The account and region ASFF findings are imported into.
        public var asffTarget: ASFF.Target?

        public init(format: ScanRenderer.Format = .text, failOn: PostureRule.Severity? = nil, parameters: [String: String] = [:], asffTarget: ASFF.Target? = nil) {
            self.format = format
            self.failOn = failOn
            self.parameters = parameters
            self.asffTarget = asffTarget
        }

        /// Refuses, before any scanning, options that cannot be rendered.
        func check() throws(InputErrors) {
            if format == .asff, asffTarget == nil {
                throw InputErrors(InputError(.missingValue, "ASFF findings need the account and region they are imported into: --account ID --region NAME"))
            }
        }
    }

    /// Scans templates and plans under `paths`; progress lines go to `progress` for more than a few files.
    public static func scan(paths: [String], options: Options, context: RampartContext,
                            progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> CommandOutput {
        guard !paths.isEmpty else { throw InputErrors(InputError(.missingValue, "give template or plan paths, or 'aws' for the configured account")) }
        try options.check()
        let started = context.clock.now
        var lastLine = started
        let report = try PostureScanner(settings: context.configuration.posture.settings).scan(paths: paths, parameters: options.parameters) { done, total in
            let now = context.clock.now
            guard total > 20, done == total || now.timeIntervalSince(lastLine) >= 2 else { return }
            lastLine = now
            progress("posture scan: \(done)/\(total) files read (\(Int(now.timeIntervalSince(started))) s)")
        }
        return render(report, options: options, context: context)
    }

    /// The report in the chosen format, and the exit code `--fail-on` asks for.
    static func render(_ report: ScanReport, options: Options, context: RampartContext) -> CommandOutput {
        let text: String
        switch options.format {
        case .text: text = ScanRenderer.text(report)
        case .json: text = ScanRenderer.json(report)
        case .sarif: text = ScanRenderer.sarif(report, toolVersion: ExportAssembly.product.version, base: FileManager.default.currentDirectoryPath)
        case .ocsf:
            text = ocsf(report, time: context.clock.now).map { String(decoding: $0.encoded, as: UTF8.self) + "\n" }.joined()
        case .asff:
            let findings = options.asffTarget.map { target in ocsf(report, time: context.clock.now).compactMap { ASFF.finding($0, target: target) } } ?? []
            text = String(decoding: CanonicalJSON.array(findings).encoded, as: UTF8.self) + "\n"
        }
        // With --fail-on, what could not be read fails too: it cannot be vouched for.
        let failed = options.failOn.map { !report.failures(atLeast: $0).isEmpty || !report.unreadable.isEmpty } ?? false
        return CommandOutput(text, exitCode: failed ? 1 : 0)
    }

    /// One OCSF Compliance Finding per check.
    static func ocsf(_ report: ScanReport, time: Date) -> [CanonicalJSON] {
        report.findings.map { finding in
            let resource = finding.check.resource
            let id = resource.cloudID ?? "\(resource.location.file)#\(resource.name)"
            return OCSF.postureFinding(OCSF.PostureCheck(
                rule: finding.rule.id, title: finding.rule.title, severity: finding.rule.severity.rawValue, controls: finding.rule.controls,
                frameworks: finding.rule.frameworks, remediation: finding.rule.remediation, passed: finding.passed, message: finding.check.message,
                resourceType: asffType(resource.type), resourceID: id, resourceName: resource.name, region: resource.location.region,
                file: resource.cloudID == nil ? resource.location.file : nil, line: resource.location.line), time: time, product: ExportAssembly.product)
        }
    }

    /// ASFF's resource type for a CloudFormation, Terraform or API type; `Other` where ASFF has none.
    static func asffType(_ type: String) -> String {
        let folded = type.replacingOccurrences(of: "AWS::", with: "").replacingOccurrences(of: "awscc_", with: "").replacingOccurrences(of: "aws_", with: "")
            .replacingOccurrences(of: "::", with: "").replacingOccurrences(of: "_", with: "").lowercased()
        return asffTypes[folded] ?? "Other"
    }

    static let asffTypes: [String: String] = [
        "s3bucket": "AwsS3Bucket", "kmskey": "AwsKmsKey", "iamrole": "AwsIamRole", "iampolicy": "AwsIamPolicy", "iammanagedpolicy": "AwsIamPolicy",
        "ec2securitygroup": "AwsEc2SecurityGroup", "securitygroup": "AwsEc2SecurityGroup", "ec2vpc": "AwsEc2Vpc", "vpc": "AwsEc2Vpc",
        "sagemakernotebookinstance": "AwsSageMakerNotebookInstance", "cloudtrailtrail": "AwsCloudTrailTrail", "cloudtrail": "AwsCloudTrailTrail",
        "guarddutydetector": "AwsGuardDutyDetector", "securityhubhub": "AwsSecurityHubHub", "securityhubaccount": "AwsSecurityHubHub",
        "ec2vpcendpoint": "AwsEc2VpcEndpointService", "vpcendpoint": "AwsEc2VpcEndpointService", "account": "AwsAccount",
    ]
}
