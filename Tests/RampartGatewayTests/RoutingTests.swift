import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import RampartCore
import RampartGateway
import Testing

@Suite struct RoutingTests {
    @Test(arguments: [
        (Deployment(name: "a", provider: "simulator", region: "eu-west-1", upstreamModel: "sim", endpoint: .simulator(.init())), true),
        (Deployment(name: "b", provider: "simulator", region: "us-east-1", upstreamModel: "sim", endpoint: .simulator(.init())), false),
        (Deployment(name: "c", provider: "openai", region: "eu-west-1", upstreamModel: "gpt", endpoint: .simulator(.init())), false),
        (Deployment(name: "d", provider: "bedrock", region: "eu-west-1", upstreamModel: "claude", endpoint: .simulator(.init())), true),
        (Deployment(name: "e", provider: "bedrock", region: "eu-west-1", upstreamModel: "titan", endpoint: .simulator(.init())), false),
    ])
    func aWorkloadAllowsOnlyItsProvidersModelsAndRegions(deployment: Deployment, allowed: Bool) {
        let policy = TestGateway.policy(providers: ["simulator": [], "bedrock": ["claude"]], regions: ["eu-west-1"])
        let decided = (try? policy.allows(deployment).get()) != nil
        #expect(decided == allowed)
    }

    @Test func aRouteTableRefusesAnyForbiddenDeployment() {
        let route = ModelRoute(model: "assistant", workload: TestGateway.policy(),
                               deployments: [TestGateway.simulator("ok"), TestGateway.simulator("far", region: "us-east-1")])
        guard case .failure(let problems) = RouteTable.build([route]) else {
            Issue.record("a forbidden deployment must be refused")
            return
        }
        #expect(problems.problems == ["model 'assistant' → deployment 'far': workload 'test-workload' does not allow region 'us-east-1'"])
    }

    @Test func aFailingDeploymentFallsBackToTheNextAllowedOne() async throws {
        let metrics = GatewayMetrics()
        var pipeline = try TestGateway.pipeline(
            [TestGateway.upstream("dead", url: "http://127.0.0.1:1/v1"), TestGateway.simulator("sim-b")], metrics: metrics)
        pipeline.retry = RetrySchedule(maximumAttempts: 1)  // one attempt each: this test is about falling back
        let app = TestGateway.application(pipeline)
        try await app.test(.router) { client in
            for stream in [false, true] {
                try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat(stream: stream)) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[HTTPField.Name("x-rampart-upstream")!] == "sim-b")
                }
            }
        }
        #expect(metrics.text().contains(#"rampart_upstream_errors_total{deployment="dead",kind="connect"} 2"#))
    }

    @Test func whenNoDeploymentAnswersTheClientGetsA502InOpenAIShape() async throws {
        let app = TestGateway.application(try TestGateway.pipeline([TestGateway.upstream("dead", url: "http://127.0.0.1:1/v1")]))
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat()) { response in
                #expect(response.status == .badGateway)
                #expect(TestGateway.errorCode(response.body) == "upstream_unavailable")
            }
        }
    }

    /// A second gateway running the simulator is a real HTTP upstream: the OpenAI-compatible adapter, SSE parsing
    /// and error mapping are exercised over sockets.
    @Test func theOpenAIAdapterTalksToARealUpstream() async throws {
        let upstream = TestGateway.application(try TestGateway.pipeline([TestGateway.simulator("inner")]))
        try await upstream.test(.live) { inner in
            let url = "http://127.0.0.1:\(inner.port!)/v1"
            let front = TestGateway.application(try TestGateway.pipeline([TestGateway.upstream("outer", url: url, apiKey: TestGateway.apiKey)]))
            try await front.test(.router) { client in
                try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat()) { response in
                    #expect(response.status == .ok)
                    let json = try TestGateway.json(response.body)
                    #expect(json["model"] == .string("rampart-simulator/sim"))
                    #expect(json["usage"]?["prompt_tokens"] != nil)
                }
                try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth,
                                         body: TestGateway.chat(stream: true, extra: #","stream_options":{"include_usage":true}"#)) { response in
                    let events = TestGateway.events(String(buffer: response.body))
                    #expect(events.last == "[DONE]")
                    #expect(events.count > 5)
                    #expect(events.contains { $0.contains("\"usage\"") })
                }
            }
            // The upstream does not know this model: a 4xx is not retried and reaches the client as such.
            let wrong = TestGateway.application(try TestGateway.pipeline([TestGateway.upstream("outer", url: url, model: "nope", apiKey: TestGateway.apiKey)]))
            try await wrong.test(.router) { client in
                try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat()) { response in
                    #expect(response.status == .notFound)
                    #expect(TestGateway.errorCode(response.body) == "upstream_rejected")
                }
            }
        }
    }
}
