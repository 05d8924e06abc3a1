import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import RampartGateway
import Testing

@Suite struct GatewayRouterTests {
    @Test func aPlainCompletionHasTheOpenAIShapeAndSaysWhereItWent() async throws {
        let app = TestGateway.application(try TestGateway.pipeline([TestGateway.simulator("sim-a")]))
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat()) { response in
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("x-rampart-upstream")!] == "sim-a")
                let json = try TestGateway.json(response.body)
                #expect(json["object"] == .string("chat.completion"))
                guard case .array(let choices)? = json["choices"], case .string(let text)? = choices.first?["message"]?["content"] else {
                    Issue.record("no choices: \(json)")
                    return
                }
                #expect(text.hasPrefix("[rampart simulator]"))
                #expect(json["model"] == .string("rampart-simulator/sim"))
                #expect(json["usage"]?["total_tokens"] != nil)
            }
        }
    }

    @Test func aStreamIsServerSentEventsEndingInDone() async throws {
        let app = TestGateway.application(try TestGateway.pipeline([TestGateway.simulator("sim-a")]))
        try await app.test(.router) { client in
            let body = TestGateway.chat(stream: true, extra: #","stream_options":{"include_usage":true}"#)
            try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: body) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/event-stream")
                let events = TestGateway.events(String(buffer: response.body))
                #expect(events.last == "[DONE]")
                let chunks = try events.dropLast().map { try JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
                #expect(chunks.first?["choices"].flatMap { if case .array(let c) = $0 { c.first?["delta"]?["role"] } else { nil } } == .string("assistant"))
                #expect(chunks.allSatisfy { $0["object"] == .string("chat.completion.chunk") })
                #expect(chunks.last?["choices"] == .array([]))
                #expect(chunks.last?["usage"]?["completion_tokens"] != nil)
                var text = ""
                for chunk in chunks {
                    if case .array(let choices)? = chunk["choices"], case .string(let piece)? = choices.first?["delta"]?["content"] { text += piece }
                }
                #expect(text.hasPrefix("[rampart simulator]"))
            }
        }
    }

    @Test func healthReadinessModelsAndMetrics() async throws {
        let app = TestGateway.application(try TestGateway.pipeline([TestGateway.simulator("sim-a")]))
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/models", method: .get, headers: TestGateway.auth) { response in
                let json = try TestGateway.json(response.body)
                #expect(json["data"] == .array([.object(["id": .string("assistant"), "object": .string("model"),
                                                         "created": .number(0), "owned_by": .string("rampart")])]))
            }
            try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat()) { _ in }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains(#"rampart_requests_total{endpoint="/v1/chat/completions",status="200"} 1"#))
                #expect(text.contains("rampart_request_duration_seconds_bucket"))
                #expect(text.contains(#"rampart_tokens_total{deployment="sim-a",direction="out"}"#))
            }
        }
    }

    struct Hostile: Sendable, CustomTestStringConvertible {
        var name: String
        var method: HTTPRequest.Method = .post
        var uri = "/v1/chat/completions"
        var body: String
        var status: HTTPResponse.Status
        var code: String
        var testDescription: String { name }
    }

    static let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)

    @Test(arguments: [
        Hostile(name: "invalid JSON", body: "{nope", status: .badRequest, code: "invalid_json"),
        Hostile(name: "empty body", body: "", status: .badRequest, code: "invalid_json"),
        Hostile(name: "a JSON array", body: "[]", status: .badRequest, code: "invalid_request"),
        Hostile(name: "deep nesting", body: #"{"model":"assistant","messages":"# + deep + "}", status: .badRequest, code: "json_too_deep"),
        Hostile(name: "no model", body: #"{"messages":[{"role":"user","content":"x"}]}"#, status: .badRequest, code: "invalid_type"),
        Hostile(name: "model a number", body: #"{"model":5,"messages":[{"role":"user","content":"x"}]}"#, status: .badRequest, code: "invalid_type"),
        Hostile(name: "messages a string", body: #"{"model":"assistant","messages":"hi"}"#, status: .badRequest, code: "invalid_type"),
        Hostile(name: "unknown role", body: #"{"model":"assistant","messages":[{"role":"root","content":"x"}]}"#, status: .badRequest, code: "invalid_type"),
        Hostile(name: "content a number", body: #"{"model":"assistant","messages":[{"role":"user","content":1}]}"#, status: .badRequest, code: "invalid_type"),
        Hostile(name: "stream a string", body: #"{"model":"assistant","messages":[{"role":"user","content":"x"}],"stream":"yes"}"#, status: .badRequest, code: "invalid_type"),
        Hostile(name: "max_tokens negative", body: #"{"model":"assistant","messages":[{"role":"user","content":"x"}],"max_tokens":-1}"#, status: .badRequest, code: "invalid_type"),
        Hostile(name: "max_tokens fractional", body: #"{"model":"assistant","messages":[{"role":"user","content":"x"}],"max_tokens":1.5}"#, status: .badRequest, code: "invalid_type"),
        Hostile(name: "unknown model", body: #"{"model":"gpt-9","messages":[{"role":"user","content":"x"}]}"#, status: .notFound, code: "model_not_found"),
        Hostile(name: "prompt too long", body: #"{"model":"assistant","messages":[{"role":"user","content":""# + String(repeating: "a", count: 2_000) + #""}]}"#,
                status: .contentTooLarge, code: "prompt_too_long"),
        Hostile(name: "too many tokens", body: #"{"model":"assistant","messages":[{"role":"user","content":"x"}],"max_tokens":900000}"#,
                status: .contentTooLarge, code: "prompt_too_many_tokens"),
        Hostile(name: "body too large", body: #"{"model":"assistant","pad":""# + String(repeating: "a", count: 70_000) + #""}"#,
                status: .contentTooLarge, code: "body_too_large"),
        Hostile(name: "unknown path", uri: "/v1/completions/../../etc", body: "{}", status: .notFound, code: "not_found"),
        Hostile(name: "wrong method", method: .get, body: "", status: .notFound, code: "not_found"),
    ])
    func badRequestsGetAClearOpenAIError(_ c: Hostile) async throws {
        let pipeline = try TestGateway.pipeline([TestGateway.simulator("sim-a")],
                                                limits: PromptLimits(maximumCharacters: 1_000, maximumEstimatedTokens: 100_000))
        let app = TestGateway.application(pipeline, maximumBodyBytes: 64 * 1024)
        try await app.test(.router) { client in
            try await client.execute(uri: c.uri, method: c.method, headers: TestGateway.auth, body: ByteBuffer(string: c.body)) { response in
                #expect(response.status == c.status)
                #expect(TestGateway.errorCode(response.body) == c.code, "\(String(buffer: response.body))")
                #expect(response.headers[HTTPField.Name("x-request-id")!]?.count == 32)
            }
            // The gateway keeps serving others.
            try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat()) { #expect($0.status == .ok) }
        }
    }
}
