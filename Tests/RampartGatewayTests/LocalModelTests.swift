import Foundation
import Hummingbird
import HummingbirdTesting
import RampartGateway
import RampartTestSupport
import Testing

/// A real model behind the gateway: SmolLM2-135M served by llama-cpp-python (`scripts/peers/local-llm.sh`, which
/// `scripts/test` starts and names in RAMPART_TEST_LLM_URL), called with the official `openai` client.
@Suite(.serialized) struct LocalModelTests {
    struct NoModel: Error, CustomStringConvertible {
        var description: String { "RAMPART_TEST_LLM_URL is not set; run the tests through scripts/test, which starts the local model server" }
    }

    static let script = TestPython.root.appendingPathComponent("scripts/peers/local-llm.sh").path

    static func model(_ url: String) -> Deployment {
        Deployment(name: "local-smollm2", provider: "upstream", region: "eu-west-1", upstreamModel: "smollm2-135m-instruct",
                   endpoint: .openAICompatible(baseURL: url, apiKey: nil), totalTimeout: .seconds(120), idleTimeout: .seconds(20))
    }

    @Test func theOpenAIClientReachesARealModelPlainAndStreaming() async throws {
        guard let url = ProcessInfo.processInfo.environment["RAMPART_TEST_LLM_URL"] else { throw NoModel() }
        let app = TestGateway.application(try TestGateway.pipeline([Self.model(url)]))
        try await app.test(.live) { client in
            let run = try await TestPython.run("local_model_check.py", ["http://127.0.0.1:\(client.port!)/v1", "assistant", TestGateway.apiKey])
            #expect(run.status == 0, "\(run.stderr)")
            let result = try JSONDecoder().decode(JSONValue.self, from: Data(run.stdout.utf8))
            guard case .string(let plain)? = result["plain"]?["content"], case .string(let streamed)? = result["stream"]?["content"] else {
                Issue.record("no content: \(run.stdout) \(run.stderr)")
                return
            }
            // The model's own words, not the simulator's.
            #expect(!plain.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
            #expect(!plain.contains("rampart simulator"))
            #expect(!streamed.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
            #expect(result["plain"]?["total_tokens"] != .null)
            if case .number(let chunks)? = result["stream"]?["chunks"] { #expect(chunks >= 1) }
        }
    }

    /// The model server is stopped (SIGTERM) while it streams: the client's stream ends with an error, soon, and
    /// without `[DONE]`; the gateway keeps serving.
    @Test func theModelServerStoppedMidStreamEndsTheClientsStreamWithAnError() async throws {
        guard ProcessInfo.processInfo.environment["RAMPART_TEST_LLM_URL"] != nil else { throw NoModel() }
        let port = Int.random(in: 20_000..<30_000)
        let bash = URL(fileURLWithPath: "/bin/bash")
        let started = try await ChildProcess.run(bash, [Self.script, "start", String(port)])
        try #require(started.status == 0, "\(started.stderr)")
        do {
            try await Self.streamWhileTheServerStops(port: port)
        } catch {
            _ = try? await ChildProcess.run(bash, [Self.script, "stop", String(port)])
            throw error
        }
        _ = try? await ChildProcess.run(bash, [Self.script, "stop", String(port)])
    }

    static func streamWhileTheServerStops(port: Int) async throws {
        let app = TestGateway.application(try TestGateway.pipeline([Self.model("http://127.0.0.1:\(port)/v1"), TestGateway.simulator("sim")]))
        try await app.test(.live) { client in
            let run = try await TestPython.run("local_model_check.py", [
                "http://127.0.0.1:\(client.port!)/v1", "assistant", TestGateway.apiKey, "/bin/bash", Self.script, "stop", String(port),
            ])
            #expect(run.status == 0, "\(run.stderr)")
            let result = try JSONDecoder().decode(JSONValue.self, from: Data(run.stdout.utf8))
            #expect(result["stop"] == .number(0), "the stop command failed: \(run.stdout)")
            #expect(result["error"] == .string("APIError"), "\(run.stdout)")
            if case .string(let message)? = result["message"] { #expect(message.contains("upstream")) }
            if case .number(let seconds)? = result["seconds"] { #expect(seconds < 60) }
            // The gateway still serves: the model is gone, so the call falls back to the simulator.
            let after = try await TestPython.run("local_model_check.py", ["http://127.0.0.1:\(client.port!)/v1", "assistant", TestGateway.apiKey])
            #expect(after.status == 0, "\(after.stderr)")
            #expect(after.stdout.contains("rampart simulator"))
        }
    }
}
