import Foundation
import RampartTestSupport
import Testing

/// `rampart report evidence|verify|posture`: a bundle that verifies and fails on any change, addition or loss,
/// with no secret and no person's id in it, and a posture table of the seven areas from the real state.
@Suite struct ReportTests {
    @Test func theEvidenceBundleVerifiesAndNamesWhatChanged() async throws {
        let workspace = try CLIWorkspace(manifests: ["support.yaml": SubjectErasureTests.manifest])
        defer { workspace.remove() }
        try workspace.configure("""
            workloads: [./workloads]
            audit:
              retention_days: {confidential: 30, default: 365}
              export: [{name: siem, kind: http, url: "https://siem.example.com/ingest", token: "env:SIEM_TOKEN"}]
            """)
        let state = workspace.state
        let environment = ["SIEM_TOKEN": "siem-token-9f3e"]
        #expect(try await CLI.run(["principals", "add", "alice@example.com", "--tenant", "acme", "--kind", "user", "--role", "admin"] + state).status == 0)
        let key = try await workspace.application(workload: "support")

        let bundle = workspace.directory.appendingPathComponent("evidence")
        let written = try await CLI.run(["report", "evidence", "--out", bundle.path] + state, environment: environment)
        #expect(written.status == 0, "\(written.stdout)\(written.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: bundle.path).sorted()
        #expect(names == ["MANIFEST", "access-policy.json", "audit-checkpoints.txt", "audit.json", "configuration.yaml", "controls.json",
                          "key-rotation.json", "posture.md", "retention.json"])
        let verified = try await CLI.run(["report", "verify", bundle.path] + state)
        #expect(verified.status == 0 && verified.stdout.hasPrefix("OK: 8 files"), "\(verified.stdout)\(verified.stderr)")
        let evidenceKey = try await CLI.run(["report", "key"] + state).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try await CLI.run(["report", "verify", bundle.path, "--verifier-key", evidenceKey] + state).status == 0)

        // Nothing secret or personal in it: the token only as its reference, the API key not at all, the user not by id.
        for name in names {
            let text = try String(contentsOf: bundle.appendingPathComponent(name), encoding: .utf8)
            for planted in ["siem-token-9f3e", key, "alice@example.com"] { #expect(!text.contains(planted), "\(name) holds \(planted)") }
        }
        #expect(try String(contentsOf: bundle.appendingPathComponent("configuration.yaml"), encoding: .utf8).contains("token: env:SIEM_TOKEN"))
        #expect(try String(contentsOf: bundle.appendingPathComponent("retention.json"), encoding: .utf8).contains(#""confidential":30"#))

        // A bundle goes to a new directory only.
        #expect(try await CLI.run(["report", "evidence", "--out", bundle.path] + state, environment: environment).status == 2)
        // Any change, addition or loss is named; the audit log's key does not pass for the evidence key.
        let auditKey = try await CLI.run(["audit", "key"] + state).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let wrongKey = try await CLI.run(["report", "verify", bundle.path, "--verifier-key", auditKey] + state)
        #expect(wrongKey.status == 1 && wrongKey.stdout.contains("not signed"), "\(wrongKey.stdout)")
        try "{}\n".write(to: bundle.appendingPathComponent("retention.json"), atomically: true, encoding: .utf8)
        try "x".write(to: bundle.appendingPathComponent("extra.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: bundle.appendingPathComponent("posture.md"))
        let tampered = try await CLI.run(["report", "verify", bundle.path] + state)
        #expect(tampered.status == 1)
        for expected in ["retention.json was changed", "posture.md is missing", "extra.txt is not in the manifest"] {
            #expect(tampered.stdout.contains(expected), "\(tampered.stdout)")
        }

        // The posture table: seven areas, each row's status from the state (no TLS: network isolation is missing).
        let posture = try await CLI.run(["report", "posture"] + state, environment: environment)
        #expect(posture.status == 0, "\(posture.stderr)")
        let rows = posture.stdout.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| Area") }
        #expect(rows.map { $0.split(separator: "|")[0].trimmingCharacters(in: .whitespaces) } == [
            "Identity and access", "Network isolation", "Encryption", "Threat detection", "Logging and audit", "Incident response", "Compliance",
        ])
        #expect(rows[1].contains("| Missing |") && rows[1].contains("without TLS"), "\(rows[1])")
        #expect(rows[4].contains("exported to siem (http)") && rows[4].contains("confidential 30 days"), "\(rows[4])")
        let html = try await CLI.run(["report", "posture", "--format", "html"] + state, environment: environment)
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>") && html.stdout.contains("<td class=\"Missing\">Missing</td>"), "\(html.stdout.prefix(400))")
    }
}
