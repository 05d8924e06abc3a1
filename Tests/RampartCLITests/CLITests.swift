import Foundation
import RampartTestSupport
import Testing

/// Runs the real `rampart` binary, as a user or a script would.
enum CLI {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["RAMPART_BIN"] { return URL(fileURLWithPath: path) }
        let candidates = [
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("rampart"),
            root.appendingPathComponent(".build/debug/rampart"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[1]
    }

    static func run(_ arguments: [String], stdin: String = "", environment: [String: String] = [:], in directory: URL? = nil) async throws -> ChildProcess.Result {
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "RAMPART_CONFIG")
        for (key, value) in environment { env[key] = value }
        return try await ChildProcess.run(binary, arguments, stdin: stdin, environment: env, directory: directory ?? root)
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

@Suite struct CLITests {
    @Test func assessPlacesTheExamplesInScopesOneToFive() async throws {
        let result = try await CLI.run(["scope", "assess", "examples/workloads", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let workloads = document?["workloads"] as? [[String: Any]] ?? []
        #expect(workloads.compactMap { ($0["scope"] as? [String: Any])?["number"] as? Int } == [1, 2, 3, 4, 5])
    }

    @Test(arguments: ["text", "json", "markdown", "html"])
    func everyFormatRenders(format: String) async throws {
        let result = try await CLI.run(["scope", "assess", "examples/workloads/3-support-chatbot.yaml", "--format", format])
        #expect(result.status == 0)
        #expect(result.stdout.contains("support-chatbot"))
        #expect(result.stderr.isEmpty)
    }

    @Test func failOnMissingExitsOne() async throws {
        let result = try await CLI.run(["scope", "assess", "examples/workloads", "--fail-on", "missing"])
        #expect(result.status == 1)
    }

    @Test func matrixJSONListsEveryControl() async throws {
        let result = try await CLI.run(["scope", "matrix", "--format", "json"])
        #expect(result.status == 0)
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let controls = document?["controls"] as? [[String: Any]] ?? []
        #expect(controls.count == 53)
        #expect(controls.allSatisfy { $0["discipline"] != nil && $0["scopes"] != nil && $0["mappings"] != nil })
        #expect(try await CLI.run(["scope", "matrix", "--format", "html"]).status == 2)
    }

    @Test(arguments: [
        ("name: w\nowner: o\nscope: 9\ndata: {classification: internal}\n", "bad.yaml:3:8: scope: scope must be 1 to 5, got 9"),
        ("name: w\nowner: o\nscope: 1\ndata: {classification: public}\nattestations:\n  - {control: LEG-NOPE, by: a, date: 2026-01-01, evidence: e}\n",
         "bad.yaml:6:15: attestations[0].control: unknown control id 'LEG-NOPE'"),
        ("name: w\n  owner: o\n", "bad.yaml:2:8: malformed YAML"),
    ])
    func badInputExitsTwoNamingTheFileAndLine(yaml: String, expected: String) async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try yaml.write(to: directory.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let result = try await CLI.run(["scope", "assess", "bad.yaml", "--record", "--data-dir", "state"], in: directory)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("rampart: " + expected), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("state").path))  // nothing written
    }

    @Test func anEmptyDirectoryAndAMissingFileAreInputErrors() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let empty = try await CLI.run(["scope", "assess", directory.path])
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("holds no manifest"))
        let missing = try await CLI.run(["scope", "assess", "/no/such/manifest.yaml"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/no/such/manifest.yaml: no such file"))
    }

    @Test func questionnaireFromAnswersWritesAManifestThatAssesses() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
            name: claims-triage
            owner: claims@example.com
            access: own-application
            model_customization: none
            model_owner: third-party
            training_data: none
            data_classification: confidential
            data_kinds: [pii]
            regions: [eu-west-1]
            users: employees
            retrieval: true
            """.write(to: directory.appendingPathComponent("answers.yaml"), atomically: true, encoding: .utf8)
        let written = try await CLI.run(["scope", "questionnaire", "--answers", "answers.yaml", "--output", "claims.yaml"], in: directory)
        #expect(written.status == 0, "\(written.stderr)")
        let assessed = try await CLI.run(["scope", "assess", "claims.yaml", "--format", "json"], in: directory)
        #expect(assessed.stdout.contains("\"number\" : 3"))
    }

    @Test func aConflictingQuestionnaireWritesNothing() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "name: x\nowner: o\naccess: own-application\nmodel_customization: trained-from-scratch\nmodel_owner: third-party\ntraining_data: all\ndata_classification: public\ntraining_data_classification: restricted\nusers: public\nretrieval: no\n"
            .write(to: directory.appendingPathComponent("answers.yaml"), atomically: true, encoding: .utf8)
        let result = try await CLI.run(["scope", "questionnaire", "--answers", "answers.yaml", "--output", "x.yaml"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("answers.model_customization and answers.model_owner conflict"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["answers.yaml"])
    }

    @Test func theInteractiveQuestionnaireAsksAgainOnABadAnswer() async throws {
        let typed = ["svc", "me@example.com", "", "3", "none", "third-party", "none", "", "", "internal", "", "", "employees", "perhaps", "no"]
        let result = try await CLI.run(["scope", "questionnaire"], stdin: typed.joined(separator: "\n") + "\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("answer yes or no"))
        #expect(result.stdout.contains("name: \"svc\""))
        #expect(result.stdout.contains("access: own-application"))
    }

    @Test func theInteractiveQuestionnaireAsksConflictingQuestionsAgain() async throws {
        let typed = ["lm", "me@example.com", "", "own-application", "fine-tuned", "us", "all", "", "", "internal", "",
                     "internal", "", "", "customers", "no", "trained-from-scratch", "all"]
        let result = try await CLI.run(["scope", "questionnaire"], stdin: typed.joined(separator: "\n") + "\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("answers.model_customization and answers.training_data conflict"))
        #expect(result.stdout.contains("model_customization: trained-from-scratch"))
    }

    @Test func configValidateNamesTheKeyAndShowRedacts() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "storage:\n  url: postgres://u:inline-pw@127.0.0.1/db?tls=disable\n".write(
            to: directory.appendingPathComponent("rampart.yaml"), atomically: true, encoding: .utf8)
        let bad = try await CLI.run(["config", "validate", "rampart.yaml"], in: directory)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("rampart.yaml:2:8: storage.url: the url holds a password"))
        #expect(!bad.stderr.contains("inline-pw"))

        try "storage:\n  url: postgres://u@127.0.0.1/db?tls=disable\n  password: env:RAMPART_TEST_PW\nidentity:\n  api_key_secret: env:RAMPART_TEST_PW\n".write(
            to: directory.appendingPathComponent("rampart.yaml"), atomically: true, encoding: .utf8)
        let planted = "planted-\(UUID().uuidString)"
        #expect(try await CLI.run(["config", "validate", "rampart.yaml"], environment: ["RAMPART_TEST_PW": planted], in: directory).status == 0)
        let unresolved = try await CLI.run(["config", "validate", "rampart.yaml"], environment: ["RAMPART_TEST_PW": ""], in: directory)
        #expect(unresolved.status == 2)
        let shown = try await CLI.run(["config", "show", "--config", "rampart.yaml"], environment: ["RAMPART_TEST_PW": planted], in: directory)
        #expect(shown.status == 0)
        #expect(!shown.stdout.contains(planted) && !shown.stderr.contains(planted))
    }

    @Test func usageErrorsExitTwoAndHelpExitsZero() async throws {
        #expect(try await CLI.run(["scope", "assess", "--format", "pdf"]).status == 2)
        #expect(try await CLI.run(["no-such-command"]).status == 2)
        #expect(try await CLI.run(["--help"]).status == 0)
        #expect(try await CLI.run(["scope", "assess", "--help"]).stdout.contains("--fail-on"))
    }

    @Test func theDemoRunsOnTheEmbeddedDefault() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try await CLI.run(["demo", "--data-dir", directory.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("industry-risk-model           5 Self-trained models"))
        #expect(result.stdout.contains("5 assessment record(s) stored"))
        #expect(result.stdout.contains("every entry verifies"), "the demo's audit log: \(result.stdout)")
        #expect(result.stdout.contains("medium auth.dead-credential"), "the demo's findings: \(result.stdout)")
        #expect(result.stdout.contains("FAILED high aws.sagemaker.notebook-no-direct-internet on AnalystNotebook"), "the demo's posture scan: \(result.stdout)")
        #expect(result.stdout.contains("KEY-ROTATION-90D: missing, and the scan shows why: aws.kms.rotation failed on ChatbotKey"), "\(result.stdout)")
        #expect(result.stdout.contains("Here is your chart: [EXTERNAL_IMAGE]"), "\(result.stdout)")
        #expect(result.stdout.contains("Draft a reply to [PERSON] ([EMAIL_ADDRESS], [PHONE_NUMBER]) at [STREET_ADDRESS]; her card [CREDIT_CARD] was charged twice."),
                "the demo's redaction: \(result.stdout)")
        #expect(result.stdout.contains(#"the model calls lookup_control({"input":"Look up control KEY-ROTATION"})"#), "\(result.stdout)")
        #expect(result.stdout.contains(#"carries an injected instruction → 400: {"error":{"code":"content_blocked""#), "\(result.stdout)")
        // The scripted abuse is contained, the containment lifted, and both recorded.
        #expect(result.stdout.contains("playbook contain-injection: suspend-credential"), "\(result.stdout)")
        #expect(result.stdout.contains("demo-app's next ordinary call → 403") && result.stdout.contains(#""code":"suspended""#), "\(result.stdout)")
        #expect(result.stdout.contains("once the gateway's next detection pass dropped it → 200"), "\(result.stdout)")
        #expect(result.stdout.contains("response.suspend-credential success") && result.stdout.contains("containment.lift success"), "\(result.stdout)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("rampart.sqlite").path))
    }
}
