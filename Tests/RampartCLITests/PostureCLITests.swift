import Foundation
import RampartTestSupport
import Testing

/// `rampart posture scan` and the posture evidence in `rampart scope assess`, through the real binary; each output
/// format checked by what its consumers use (the OASIS SARIF 2.1.0 schema, OCSF models, botocore's ASFF shape).
@Suite struct PostureCLITests {
    static let fixtures = "Tests/RampartPostureTests/Fixtures"
    static let insecure = "\(fixtures)/cloudformation/genai-insecure.yaml"
    static let secure = "\(fixtures)/cloudformation/genai-secure.yaml"

    /// Runs `body` with the path of a file `name` holding `text`, in a temporary directory removed afterwards.
    static func withSaved<T>(_ text: String, _ name: String, _ body: (String) async throws -> T) async throws -> T {
        try await withTemporaryDirectory("rampart-cli") { directory in
            let url = directory.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return try await body(url.path)
        }
    }

    @Test func failOnExitsOneOnlyWhenACheckAtThatSeverityFails() async throws {
        let insecure = try await CLI.run(["posture", "scan", Self.insecure, "--fail-on", "high"])
        #expect(insecure.status == 1, "\(insecure.stderr)")
        #expect(insecure.stdout.contains("FAILED high aws.sagemaker.notebook-no-direct-internet"))
        #expect(insecure.stdout.contains("\(Self.insecure):100  OmittedNotebook (AWS::SageMaker::NotebookInstance)"))
        let secure = try await CLI.run(["posture", "scan", Self.secure, "--fail-on", "low"])
        #expect(secure.status == 0, "\(secure.stdout)\(secure.stderr)")
        #expect(try await CLI.run(["posture", "scan", Self.insecure]).status == 0, "without --fail-on findings are reported, not fatal")
    }

    @Test func sarifOutputValidatesAgainstTheSARIFSchema() async throws {
        let result = try await CLI.run(["posture", "scan", Self.fixtures, "--format", "sarif"])
        #expect(result.status == 0, "\(result.stderr)")
        let check = try await Self.withSaved(result.stdout, "scan.sarif") { try await TestPython.run("posture_formats_check.py", ["sarif", $0]) }
        #expect(check.status == 0 && check.stdout.hasPrefix("ok "), "\(check.stdout)\(check.stderr)")
    }

    @Test func ocsfOutputIsComplianceFindingsThatTheModelsAccept() async throws {
        let result = try await CLI.run(["posture", "scan", Self.fixtures, "--format", "ocsf"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        let check = try await Self.withSaved(result.stdout, "scan.ocsf") { try await TestPython.run("ocsf_check.py", [$0]) }
        #expect(check.status == 0 && check.stdout.contains("2003:\(lines.count)"), "\(check.stdout)\(check.stderr)")
    }

    @Test func asffOutputMatchesBotocoresShapeAndNeedsItsAccount() async throws {
        let missing = try await CLI.run(["posture", "scan", Self.insecure, "--format", "asff"])
        #expect(missing.status == 2 && missing.stderr.contains("--account"), "\(missing.stderr)")
        let result = try await CLI.run(["posture", "scan", Self.fixtures, "--format", "asff", "--account", "111122223333", "--region", "eu-west-1"])
        #expect(result.status == 0, "\(result.stderr)")
        let findings = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let notebook = try #require(findings.first { ($0["Id"] as? String)?.contains("aws.sagemaker.notebook-no-direct-internet") == true && ($0["Id"] as? String)?.contains("OmittedNotebook") == true })
        #expect((notebook["Resources"] as? [[String: Any]])?.first?["Type"] as? String == "AwsSageMakerNotebookInstance")
        #expect((notebook["Compliance"] as? [String: Any])?["Status"] as? String == "FAILED")
        let check = try await Self.withSaved(result.stdout, "scan.asff") { try await TestPython.run("posture_formats_check.py", ["asff", $0]) }
        #expect(check.status == 0 && check.stdout.hasPrefix("ok "), "\(check.stdout)\(check.stderr)")
    }

    @Test func badInputNamesTheFileAndLineAndScansNothing() async throws {
        try await Self.withSaved("AWSTemplateFormatVersion: x\nResources:\n  A: {Type: AWS::S3::Bucket\n", "broken.yaml") { broken in
            let result = try await CLI.run(["posture", "scan", broken, Self.secure])
            #expect(result.status == 2)
            #expect(result.stderr.contains("\(broken):4") && result.stderr.contains("[input.malformed]"), "\(result.stderr)")
            #expect(result.stdout.isEmpty, "no partial report")
        }
    }

    @Test func postureSettingsAreValidatedWithTheirKeyPaths() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "posture:\n  rotation_days: 0\n  decrypt_allowlist: ['*']\n  aws: {regions: [EU West]}\n".write(
            to: directory.appendingPathComponent("rampart.yaml"), atomically: true, encoding: .utf8)
        let result = try await CLI.run(["config", "validate", "rampart.yaml"], in: directory)
        #expect(result.status == 2)
        for path in ["posture.rotation_days", "posture.decrypt_allowlist[0]", "posture.aws.regions[0]"] {
            #expect(result.stderr.contains(path), "\(path) in \(result.stderr)")
        }
    }

    /// The scan feeds the assessment: a failed check makes its controls missing whatever else vouches for them; a
    /// clean scan satisfies them, for the workloads its resources are tagged with.
    @Test func scopeAssessTakesThePostureScanAsEvidence() async throws {
        func control(_ id: String, posture: String) async throws -> [String: Any] {
            let result = try await CLI.run(["scope", "assess", "examples/workloads/4-marketing-copy-model.yaml", "--posture", posture, "--format", "json"])
            #expect(result.status == 0, "\(result.stderr)")
            let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            let results = ((document?["workloads"] as? [[String: Any]])?.first?["controls"] as? [[String: Any]]) ?? []
            return try #require(results.first { $0["id"] as? String == id })
        }
        let failing = try await control("KEY-ROTATION-90D", posture: Self.insecure)
        #expect(failing["status"] as? String == "missing")
        #expect((failing["reasons"] as? [String])?.contains { $0.contains("aws.kms.rotation failed on ModelKey") && $0.contains("rotates every 365 days") } == true, "\(failing)")
        let passing = try await control("KEY-ROTATION-90D", posture: Self.secure)
        #expect(passing["status"] as? String == "satisfied", "\(passing)")
    }
}
