import AsyncHTTPClient
import Foundation
import NIOCore
import RampartCore
import RampartGateway

/// The demo's gateway part: starts the gateway on loopback with the example configuration and sends plain and
/// streaming calls through it, showing where each went, a refused route, and the metrics.
enum GatewayDemo {
    static func run(configPath: String, context: RampartContext, emit: (String) -> Void) async throws {
        let configuration = try RampartConfiguration.load(path: configPath)
        var gatewayContext = context
        gatewayContext.configuration = configuration
        let client = UpstreamClient.make()
        do {
            try await RunningServer.with({ try GatewayServer.application(context: gatewayContext, client: client, port: 0, onServerRunning: $0) },
                                         logger: context.logger) { port, _ in
                try await exercise(base: "http://127.0.0.1:\(port)", client: client, configPath: configPath, emit: emit)
            }
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    static func exercise(base: String, client: HTTPClient, configPath: String, emit: (String) -> Void) async throws {
        emit("   Gateway listening on \(base) (\(configPath)); model 'assistant' → workload internal-assistant,\n")
        emit("   deployments in order: local-llm, sim-eu-west, sim-eu-central.\n\n")
        let question = #"{"model":"assistant","max_tokens":24,"messages":[{"role":"user","content":"Which scope is an internal assistant on a foundation model?"}]}"#
        let plain = try await post(base + "/v1/chat/completions", question, client: client)
        let answer = try JSONDecoder().decode(JSONValue.self, from: Data(plain.body.utf8))
        var text = ""
        if case .array(let choices)? = answer["choices"], case .string(let content)? = choices.first?["message"]?["content"] { text = content }
        emit("   POST /v1/chat/completions → \(plain.status), x-rampart-upstream: \(plain.upstream)\n")
        if plain.upstream != "local-llm" { emit("   (no local model server on 127.0.0.1:18765, so the call fell back along the allowed chain)\n") }
        emit("   answer: \(text.prefix(160))\n\n")

        let streaming = question.replacingOccurrences(of: #""max_tokens":24"#, with: #""max_tokens":24,"stream":true,"stream_options":{"include_usage":true}"#)
        let streamed = try await post(base + "/v1/chat/completions", streaming, client: client)
        let events = streamed.body.components(separatedBy: "\n\n").filter { $0.hasPrefix("data: ") }
        emit("   POST /v1/chat/completions (stream) → \(streamed.status), \(events.count) server-sent events, last: \(events.last ?? "")\n\n")

        let unknown = try await post(base + "/v1/chat/completions", #"{"model":"gpt-5","messages":[{"role":"user","content":"hi"}]}"#, client: client)
        emit("   An unknown model → \(unknown.status): \(unknown.body)\n")
        let broken = try await post(base + "/v1/chat/completions", #"{"model":"assistant","messages":"hello"}"#, client: client)
        emit("   A malformed request → \(broken.status): \(broken.body)\n\n")

        emit("   A route to a deployment the workload does not allow is refused when the configuration loads:\n")
        var forbidden = try RampartConfiguration.load(path: configPath)
        forbidden.gateway.deployments.append(try JSONDecoder().decode(DeploymentSettings.self, from: Data(
            #"{"name":"sim-us-east","kind":"simulator","region":"us-east-1","model":"sim-large"}"#.utf8)))
        forbidden.gateway.models[0].deployments.append("sim-us-east")
        var probe = RampartContext(dataDirectory: "unused", logger: .init(label: "rampart.demo"))
        probe.configuration = forbidden
        do {
            _ = try GatewayServer.application(context: probe, client: client, port: 0)
            emit("   (unexpectedly accepted)\n")
        } catch {
            for problem in error.errors { emit("   refused: \(problem.location?.keyPath ?? ""): \(problem.message)\n") }
        }

        let metrics = try await get(base + "/metrics", client: client)
        let lines = metrics.split(separator: "\n").filter { $0.hasPrefix("rampart_requests_total") || $0.hasPrefix("rampart_tokens_total") || $0.hasPrefix("rampart_upstream_errors_total") }
        emit("\n   GET /metrics (excerpt):\n" + lines.map { "     \($0)" }.joined(separator: "\n") + "\n")
    }

    struct Answer {
        var status: Int
        var upstream: String
        var body: String
    }

    static func post(_ url: String, _ body: String, client: HTTPClient) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await client.execute(request, timeout: .seconds(30))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        return Answer(status: Int(response.status.code), upstream: response.headers.first(name: "x-rampart-upstream") ?? "-", body: text)
    }

    static func get(_ url: String, client: HTTPClient) async throws -> String {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        return String(buffer: try await response.body.collect(upTo: 1 << 20))
    }
}
