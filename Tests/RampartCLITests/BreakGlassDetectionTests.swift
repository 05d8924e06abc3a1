import Foundation
import RampartTestSupport
import Testing

/// `key.break-glass` end to end, and containment of a person by their keyed reference: an on-call engineer signs in
/// with MFA at a real OIDC issuer (Tests/clients/oidc_issuer.py) and uses break-glass to open a model's weights from
/// the command line; the running gateway's detections raise the finding about them (as `subject:REF`: their id is
/// sealed), the playbook suspends them, and their next call to the gateway with the same token is refused.
@Suite struct BreakGlassDetectionTests {
    @Test func aBreakGlassDecryptIsRaisedAndThePersonSuspended() async throws {
        let issuerProcess = try await TestPython.start("oidc_issuer.py")
        defer { issuerProcess.stop() }
        let issuer = "http://127.0.0.1:\(issuerProcess.firstLine)"
        let workspace = try CLIWorkspace(manifests: ["support.yaml": DetectionCoverageTests.manifest("support")])
        defer { workspace.remove() }
        try workspace.configure(CLIWorkspace.simulatorGateway(model: "support-bot", workload: "support", more: """
            identity:
              cache_seconds: 0.3
              oidc:
                - {issuer: "\(issuer)", audience: [rampart], tenant: acme, jwks_refresh_seconds: 1}
            detection:
              interval_seconds: 0.5
              playbooks:
                - id: review-break-glass
                  when: {rules: [key.break-glass]}
                  actions: [{do: suspend-principal, for_seconds: 3600}]

            """))
        let state = workspace.state
        #expect(try await CLI.run(["principals", "add", "oncall", "--tenant", "acme", "--kind", "user", "--role", "break-glass",
                                   "--break-glass-hours", "1"] + state).status == 0)
        let weights = workspace.directory.appendingPathComponent("weights.bin")
        try Data(repeating: 5, count: 1024).write(to: weights)
        #expect(try await CLI.run(["artifacts", "encrypt", "--key", "model:tuned", "--tenant", "acme", weights.path, weights.path + ".rmp"] + state).status == 0)

        // A token with a second factor, from the issuer.
        let now = Date().timeIntervalSince1970.rounded()
        let claims: [String: Any] = ["iss": issuer, "aud": "rampart", "sub": "oncall", "exp": now + 600, "iat": now, "amr": ["pwd", "mfa"],
                                     "jti": UUID().uuidString]
        let minted = try await TestPython.run("oidc_mint.py", [issuer, String(decoding: try JSONSerialization.data(withJSONObject: claims), as: UTF8.self)])
        let token = minted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(minted.status == 0 && token.split(separator: ".").count == 3, "\(minted.stderr)")
        let credential = workspace.directory.appendingPathComponent("token.txt")
        try token.write(to: credential, atomically: true, encoding: .utf8)

        let gateway = try await ServedGateway.start(workspace)
        defer { gateway.stop() }
        #expect(try await gateway.chat(token, "What are your opening hours?", model: "support-bot").status == 200, "break-glass may call a model")
        let opened = try await CLI.run(["artifacts", "decrypt", "--key", "model:tuned", "--tenant", "acme", "--credential-file", credential.path,
                                        weights.path + ".rmp", weights.path + ".out"] + state)
        #expect(opened.status == 0, "\(opened.stderr)")
        let sent = ContinuousClock.now
        var refused = (status: 0, body: "")
        while ContinuousClock.now - sent < .seconds(15) {
            refused = try await gateway.chat(token, "What are your opening hours?", model: "support-bot")
            if refused.status == 403 { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(refused.status == 403 && refused.body.contains(#""code":"suspended""#), "\(refused)")
        #expect(ContinuousClock.now - sent < .seconds(5), "the suspension took \(ContinuousClock.now - sent)")
        let listed = try await CLI.run(["findings", "list"] + state).stdout
        let row = try #require(listed.split(separator: "\n").first { $0.contains("key.break-glass") }, "\(listed)")
        // The person is their keyed reference, in the finding as in the log: never their id.
        #expect(row.contains("principal subject:") && !row.contains("oncall"), "\(row)")
        gateway.stop()
        let events = try await workspace.auditEvents()
        #expect(!events.contains { String(describing: $0).contains("oncall") }, "the person's id is in the clear in the log")
        #expect(try await CLI.run(["audit", "verify"] + state).status == 0)
    }
}
