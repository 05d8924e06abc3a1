import Foundation
import RampartMatrix
import RampartPosture
import Testing

@Suite struct PostureRuleTests {
    /// The issue's bar: each rule has a failing and a passing fixture.
    @Test func everyRuleFailsInOneFixtureAndPassesInAnother() async throws {
        var failed: Set<String> = [], passed: Set<String> = []
        let reports = try PostureFixtures.all.map { try PostureFixtures.scan($0) } + [try await PostureFixtures.scanRecordedAccount()]
        for finding in reports.flatMap(\.findings) {
            if finding.passed { passed.insert(finding.rule.id) } else { failed.insert(finding.rule.id) }
        }
        for rule in PostureRules.all {
            #expect(failed.contains(rule.id), "no fixture fails \(rule.id)")
            #expect(passed.contains(rule.id), "no fixture passes \(rule.id)")
        }
    }

    /// Every check of every fixture, one line each, for review.
    @Test func findingsOfEveryFixtureMatchTheGoldenFile() async throws {
        var lines: [String] = []
        let reports = try PostureFixtures.all.map { ($0, try PostureFixtures.scan($0)) } + [("recorded/account.json", try await PostureFixtures.scanRecordedAccount())]
        for (fixture, report) in reports {
            lines.append("# \(fixture)")
            for finding in report.findings {
                let region = finding.check.resource.location.region.map { " (\($0))" } ?? ""
                lines.append("\(finding.passed ? "pass" : "FAIL") \(finding.rule.id) \(finding.check.resource.name)\(region): \(finding.check.message)")
            }
            for part in report.unreadable { lines.append("NOT READ \(part)") }
        }
        #expect(try PostureFixtures.matchesGolden(lines.joined(separator: "\n") + "\n", "findings.txt"))
    }

    @Test func theDocumentationListsEveryRule() throws {
        let documentation = try String(contentsOf: PostureFixtures.packageRoot.appendingPathComponent("docs/posture.md"), encoding: .utf8)
        for rule in PostureRules.all { #expect(documentation.contains("| `\(rule.id)` | \(rule.severity.rawValue) |"), "\(rule.id)") }
    }

    /// Every control a rule names is in the catalog and accepts a posture scan as evidence (or the scan would count
    /// for nothing in the assessment).
    @Test func everyRuleNamesCatalogControlsThatAcceptAScan() throws {
        let catalog = try ControlCatalog.bundled()
        for rule in PostureRules.all {
            for id in rule.controls {
                let control = catalog.controls.first { $0.id == id }
                #expect(control != nil, "\(rule.id) names \(id), which is not in the catalog")
                #expect(control?.evidence.contains(.infrastructureScan) == true, "\(id) does not accept infrastructure-scan evidence (\(rule.id))")
            }
        }
    }

    @Test func everyRuleNamesKnownControlsAndARemediation() {
        let ids = PostureRules.all.map(\.id)
        #expect(Set(ids).count == ids.count, "rule ids are unique")
        for rule in PostureRules.all {
            #expect(!rule.controls.isEmpty && !rule.remediation.isEmpty && !rule.title.isEmpty, "\(rule.id)")
            #expect(rule.id.hasPrefix(rule.cloud.rawValue + "."), "\(rule.id) is named for its cloud")
        }
    }
}

@Suite struct PostureSemanticsTests {
    static func check(_ fixture: String, _ rule: String, _ resource: String) throws -> PostureRule.Check? {
        try PostureFixtures.scan(fixture).findings.first { $0.rule.id == rule && $0.check.resource.name == resource }?.check
    }

    /// The cases other scanners get wrong, and Rampart's reading of them.
    @Test(arguments: [
        ("cloudformation/genai-insecure.yaml", "aws.sagemaker.notebook-no-direct-internet", "OmittedNotebook", false),
        ("cloudformation/genai-insecure.yaml", "aws.sagemaker.network-isolation", "IsolatedOffModel", false),
        ("cloudformation/genai-insecure.yaml", "aws.kms.rotation", "ModelKey", false),
        ("cloudformation/genai-insecure.yaml", "aws.kms.decrypt-allowlist", "UnrotatedKey", false),
        ("cloudformation/genai-insecure.yaml", "aws.iam.no-wildcard-actions", "PipelinePolicy", false),
        ("cloudformation/genai-insecure.yaml", "aws.s3.lifecycle-expiry", "TrainingDataBucket", false),
        ("cloudformation/genai-insecure.yaml", "aws.sagemaker.domain-vpc-only", "StudioDomain", false),
        ("cloudformation/genai-secure.yaml", "aws.kms.decrypt-allowlist", "ModelKey", true),
        ("cloudformation/genai-secure.yaml", "aws.cloudtrail.alarms", "Trail", true),
        ("terraform/aws-insecure.plan.json", "aws.iam.no-wildcard-actions", "aws_iam_policy.admin", false),
        ("terraform/aws-insecure.plan.json", "aws.iam.data-scientist-read-only", "aws_iam_role.ds", false),
        ("terraform/aws-secure.plan.json", "aws.s3.cmek", "module.ml.aws_s3_bucket.artifacts[0]", true),
        ("terraform/aws-secure.plan.json", "aws.cloudtrail.alarms", "aws_cloudtrail.trail", true),
        ("terraform/gcp-insecure.plan.json", "gcp.no-public-ip", "google_notebooks_instance.nb", false),
        ("terraform/azure-insecure.plan.json", "azure.ai.public-network-disabled", "azurerm_machine_learning_workspace.ml", false),
        ("terraform/azure-secure.plan.json", "azure.ai.cmek", "azurerm_cognitive_account.openai", true),
    ])
    func ruleReadsTheSettingAsRampartDocumentsIt(fixture: String, rule: String, resource: String, passed: Bool) throws {
        let check = try #require(try Self.check(fixture, rule, resource), "\(rule) did not check \(resource)")
        #expect(check.passed == passed, "\(check.message)")
    }

    @Test(arguments: ["cloudformation/genai-secure.yaml", "terraform/aws-secure.plan.json", "terraform/gcp-secure.plan.json", "terraform/azure-secure.plan.json"])
    func secureFixturesPassEveryCheck(fixture: String) throws {
        let failures = try PostureFixtures.scan(fixture).failures
        #expect(failures.isEmpty, "\(failures.map { "\($0.rule.id) \($0.check.resource.name): \($0.check.message)" })")
    }

    /// What cannot be known at scan time is neither a pass nor a failure.
    @Test func unknownValuesAreNotJudged() throws {
        try PostureFixtures.withTemporaryFile("""
            Parameters:
              Key: {Type: String}
              Internet: {Type: String}
            Resources:
              Notebook:
                Type: AWS::SageMaker::NotebookInstance
                Properties:
                  KmsKeyId: !Ref Key
                  DirectInternetAccess: !Ref Internet
                  SubnetId: !ImportValue shared-subnet
              Key2:
                Type: AWS::KMS::Key
                Properties:
                  EnableKeyRotation: !ImportValue rotation
            """) { path in
            let report = try PostureScanner().scan(paths: [path])
            #expect(report.findings.isEmpty, "\(report.findings.map(\.rule.id))")
            // Given the parameters, they are judged.
            let given = try PostureScanner().scan(paths: [path], parameters: ["Key": "", "Internet": "Enabled"])
            #expect(Set(given.failures.map(\.rule.id)) == ["aws.sagemaker.notebook-cmek", "aws.sagemaker.notebook-no-direct-internet"])
        }
    }

    @Test func settingsMoveTheLimits() throws {
        let strict = PostureSettings(retentionDays: 60, rotationDays: 30, decryptAllowlist: ["arn:aws:iam::*:role/training"])
        let report = try PostureFixtures.scan("terraform/aws-secure.plan.json", settings: strict)
        let failed = Set(report.failures.map { "\($0.rule.id) \($0.check.resource.name)" })
        #expect(failed.contains("aws.s3.lifecycle-expiry aws_s3_bucket.datasets"))
        #expect(failed.contains("aws.kms.rotation aws_kms_key.model"))
        #expect(!failed.contains("aws.kms.rotation module.ml.aws_kms_key.artifacts"))
        #expect(failed.contains("aws.kms.decrypt-allowlist aws_kms_key.model"), "BreakGlassAdmin and logs are outside the configured allowlist")
    }
}
