import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RampartGateway
import RampartTestSupport
import Testing

/// Upstreams that break at the TCP and framing level (Tests/clients/reset_upstream.py, a test double): a reset
/// before the answer falls back; a reset, malformed events or broken chunking mid-stream end the client's stream
/// with an error event and no `[DONE]`.
@Suite struct ConnectionFaultTests {
    static func withUpstream(_ body: (String) async throws -> Void) async throws {
        let upstream = try await TestPython.start("reset_upstream.py")
        defer { upstream.stop() }
        try await body("http://127.0.0.1:\(upstream.firstLine)/v1")
    }

    @Test(arguments: [false, true])
    func aResetBeforeTheAnswerFallsBack(_ stream: Bool) async throws {
        try await Self.withUpstream { url in
            let metrics = GatewayMetrics()
            let pipeline = try TestGateway.pipeline([TestGateway.upstream("reset-before", url: url, model: "reset-before"), TestGateway.simulator("sim")],
                                                    metrics: metrics)
            try await TestGateway.application(pipeline).test(.router) { client in
                try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat(stream: stream)) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[HTTPField.Name("x-rampart-upstream")!] == "sim")
                    if stream { #expect(TestGateway.events(String(buffer: response.body)).last == "[DONE]") }
                }
            }
            #expect(metrics.text().contains(#"rampart_upstream_errors_total{deployment="reset-before",kind="connect"}"#))
        }
    }

    @Test(arguments: ["reset-mid", "bad-sse", "bad-framing"])
    func aFaultMidStreamEndsWithAnErrorEventAndNoDone(_ model: String) async throws {
        try await Self.withUpstream { url in
            // Deadlines far beyond the bound below: the stream must end on the fault itself, not on a timeout.
            var deployment = TestGateway.upstream(model, url: url, model: model)
            deployment.totalTimeout = .seconds(120)
            deployment.idleTimeout = .seconds(120)
            let pipeline = try TestGateway.pipeline([deployment])
            try await TestGateway.application(pipeline).test(.router) { client in
                let started = ContinuousClock.now
                try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat(stream: true)) { response in
                    let events = TestGateway.events(String(buffer: response.body))
                    #expect(!events.contains("[DONE]"), "\(model): \(events)")
                    let last = events.last ?? String(buffer: response.body)
                    #expect(last.contains("upstream_stream_broken") || last.contains("upstream_unavailable"), "\(model): \(last)")
                }
                // Generous for a loaded machine (17 s was seen with the whole suite running beside a model server).
                #expect(ContinuousClock.now - started < .seconds(60))
            }
        }
    }
}
