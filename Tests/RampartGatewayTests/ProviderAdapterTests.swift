import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import RampartAWS
@testable import RampartGateway
import RampartTestSupport
import Testing

/// The Bedrock and Anthropic adapters, through the whole pipeline: requests translated and signed, answers and
/// streams translated back, faults mapped to the gateway's errors and fallback.
@Suite struct ProviderAdapterTests {
    static let credentials = AWSCredentials(accessKeyID: "AKIARAMPARTTEST01", secretAccessKey: "test/secret+key=for-the-double")

    /// The Bedrock test double (Tests/clients/bedrock_double.py), which checks every signature with botocore.
    static func withBedrock(_ body: (String) async throws -> Void) async throws {
        let double = try await TestPython.start("bedrock_double.py", [credentials.accessKeyID, credentials.secretAccessKey, "eu-west-1"])
        defer { double.stop() }
        try await body("http://127.0.0.1:\(double.firstLine)")
    }

    static func bedrock(_ name: String, url: String, model: String = "anthropic.claude-3-haiku-20240307-v1:0",
                        credentials: AWSCredentials = credentials) -> Deployment {
        Deployment(name: name, provider: "upstream", region: "eu-west-1", upstreamModel: model,
                   endpoint: .bedrock(baseURL: url, credentials: .fixed(credentials)), totalTimeout: .seconds(10), idleTimeout: .seconds(5))
    }

    static func last(_ url: String) async throws -> JSONValue {
        let response = try await TestGateway.client.execute(HTTPClientRequest(url: url + "/last"), timeout: .seconds(5))
        return try TestGateway.json(try await response.body.collect(upTo: 1 << 20))
    }

    static let conversation = ByteBuffer(string: #"""
        {"model":"assistant","max_tokens":64,"temperature":0.2,"stop":["END"],"messages":[
          {"role":"system","content":"Be brief."},{"role":"user","content":"first"},{"role":"user","content":"second"},
          {"role":"assistant","content":"ok"},{"role":"user","content":"tell me about dolphins"}]}
        """#)

    @Test func bedrockConverseIsSignedAndTranslatedBothWays() async throws {
        try await Self.withBedrock { url in
            let app = TestGateway.application(try TestGateway.pipeline([Self.bedrock("bedrock-eu", url: url)]))
            try await app.test(.router) { client in
                try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: Self.conversation) { response in
                    #expect(response.status == .ok, "\(String(buffer: response.body))")
                    #expect(response.headers[HTTPField.Name("x-rampart-upstream")!] == "bedrock-eu")
                    let json = try TestGateway.json(response.body)
                    #expect(json["choices"]?[0]?["message"]?["content"] == .string("You said: tell me about dolphins"))
                    #expect(json["choices"]?[0]?["finish_reason"] == .string("stop"))
                    #expect(json["usage"]?["prompt_tokens"] == .number(11))
                    #expect(json["usage"]?["completion_tokens"] == .number(5))
                }
            }
            let sent = try await Self.last(url)
            #expect(sent["operation"] == .string("converse"))
            #expect(sent["model"] == .string("anthropic.claude-3-haiku-20240307-v1:0"))
            #expect(sent["body"]?["system"] == .array([.object(["text": .string("Be brief.")])]))
            #expect(sent["body"]?["messages"]?[0]?["role"] == .string("user"))
            #expect(sent["body"]?["messages"]?[0]?["content"] == .array([.object(["text": .string("first")]), .object(["text": .string("second")])]))
            #expect(sent["body"]?["messages"]?[1]?["role"] == .string("assistant"))
            #expect(sent["body"]?["inferenceConfig"] == .object(["maxTokens": .number(64), "temperature": .number(0.2), "stopSequences": .array([.string("END")])]))
        }
    }

    @Test func bedrockConverseStreamIsReadFromItsEventStream() async throws {
        try await Self.withBedrock { url in
            let app = TestGateway.application(try TestGateway.pipeline([Self.bedrock("bedrock-eu", url: url)]))
            try await app.test(.router) { client in
                let body = TestGateway.chat("stream please", stream: true, extra: #","stream_options":{"include_usage":true}"#)
                try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: body) { response in
                    let events = TestGateway.events(String(buffer: response.body))
                    #expect(events.last == "[DONE]")
                    var text = "", finish: JSONValue?, usage: JSONValue?
                    for event in events.dropLast() {
                        let json = try JSONDecoder().decode(JSONValue.self, from: Data(event.utf8))
                        if case .string(let piece)? = json["choices"]?[0]?["delta"]?["content"] { text += piece }
                        if let reason = json["choices"]?[0]?["finish_reason"], reason != .null { finish = reason }
                        if let value = json["usage"], value != .null { usage = value }
                    }
                    #expect(text == "You said: stream please")
                    #expect(finish == .string("stop"))
                    #expect(usage?["total_tokens"] == .number(16))
                }
            }
            #expect(try await Self.last(url)["operation"] == .string("converse-stream"))
            #expect(try await Self.last(url)["headers"]?["accept"] == .string("application/vnd.amazon.eventstream"))
        }
    }

    @Test func aWrongSecretIsRefusedByTheDoubleSoItsSignatureCheckIsReal() async throws {
        try await Self.withBedrock { url in
            let wrong = AWSCredentials(accessKeyID: Self.credentials.accessKeyID, secretAccessKey: "not-the-secret")
            let app = TestGateway.application(try TestGateway.pipeline([Self.bedrock("bedrock-eu", url: url, credentials: wrong)]))
            try await app.test(.router) { client in
                try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat()) { response in
                    #expect(response.status == .badGateway)
                    #expect(TestGateway.errorCode(response.body) == "upstream_auth_failed")
                }
            }
        }
    }

    @Test func bedrockThrottlingFallsBackAlongTheChain() async throws {
        try await Self.withBedrock { url in
            let app = TestGateway.application(try TestGateway.pipeline([Self.bedrock("bedrock-throttled", url: url, model: "throttled"),
                                                                        TestGateway.simulator("sim")]))
            try await app.test(.router) { client in
                try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat()) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[HTTPField.Name("x-rampart-upstream")!] == "sim")
                }
            }
        }
    }

    @Test(arguments: ["stream-exception", "stream-corrupt", "stream-cut"])
    func aBrokenConverseStreamEndsWithAnErrorEventAndNoDone(_ model: String) async throws {
        try await Self.withBedrock { url in
            let app = TestGateway.application(try TestGateway.pipeline([Self.bedrock("bedrock-eu", url: url, model: model)]))
            try await app.test(.router) { client in
                try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth,
                                         body: TestGateway.chat("a b c", stream: true)) { response in
                    let events = TestGateway.events(String(buffer: response.body))
                    #expect(!events.contains("[DONE]"), "\(events)")
                    #expect(events.last?.contains("upstream_stream_broken") == true, "\(events)")
                    // What arrived before the fault is relayed (AsyncHTTPClient may drop the last bytes of a cut connection).
                    if model != "stream-cut" { #expect(events.contains { $0.contains("You") }) }
                }
            }
        }
    }

    // MARK: Anthropic

    /// A second gateway serving Anthropic's Messages API (its `/v1/messages`, checked against the official
    /// `anthropic` client in OfficialClientTests) from the simulator is the Anthropic upstream.
    static func withAnthropicUpstream(_ body: @Sendable (String) async throws -> Void) async throws {
        let upstream = TestGateway.application(try TestGateway.pipeline([TestGateway.simulator("sim-upstream")]))
        try await upstream.test(.live) { client in try await body("http://127.0.0.1:\(client.port!)") }
    }

    static func anthropic(_ name: String, url: String, apiKey: String = TestGateway.apiKey) -> Deployment {
        Deployment(name: name, provider: "upstream", region: "eu-west-1", upstreamModel: "assistant",
                   endpoint: .anthropic(baseURL: url, apiKey: apiKey, version: "2023-06-01"), totalTimeout: .seconds(10))
    }

    @Test func anthropicMessagesPlainAndStreamed() async throws {
        try await Self.withAnthropicUpstream { url in
            let app = TestGateway.application(try TestGateway.pipeline([Self.anthropic("claude", url: url)]))
            try await app.test(.router) { client in
                var plain = ""
                try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: Self.conversation) { response in
                    #expect(response.status == .ok, "\(String(buffer: response.body))")
                    #expect(response.headers[HTTPField.Name("x-rampart-upstream")!] == "claude")
                    let json = try TestGateway.json(response.body)
                    if case .string(let text)? = json["choices"]?[0]?["message"]?["content"] { plain = text }
                    #expect(plain.hasPrefix("[rampart simulator]"))
                    #expect(json["usage"]?["prompt_tokens"] != nil)
                }
                let stream = ByteBuffer(string: String(buffer: Self.conversation).replacingOccurrences(of: #""max_tokens":64"#, with: #""max_tokens":64,"stream":true"#))
                try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: stream) { response in
                    let events = TestGateway.events(String(buffer: response.body))
                    #expect(events.last == "[DONE]")
                    let text = events.dropLast().compactMap { event -> String? in
                        guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(event.utf8)),
                              case .string(let piece)? = json["choices"]?[0]?["delta"]?["content"] else { return nil }
                        return piece
                    }.joined()
                    #expect(text == plain)
                }
            }
        }
    }

    @Test func anthropicRefusingTheKeyIsAnUpstreamRejection() async throws {
        try await Self.withAnthropicUpstream { url in
            let app = TestGateway.application(try TestGateway.pipeline([Self.anthropic("claude", url: url, apiKey: "wrong-key")]))
            try await app.test(.router) { client in
                try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat()) { response in
                    #expect(response.status == .badGateway)
                    #expect(TestGateway.errorCode(response.body) == "upstream_auth_failed")
                }
            }
        }
    }

    @Test func anthropicTranslationCarriesSystemTurnsAndStops() throws {
        let chat = try ChatRequest(openAI: try TestGateway.json(Self.conversation))
        let body = try AnthropicMessagesTranslation.body(chat, model: "claude", stream: false)
        #expect(body["system"] == .string("Be brief."))
        #expect(body["max_tokens"] == .number(64))
        #expect(body["stop_sequences"] == .array([.string("END")]))
        #expect(body["messages"]?[0] == .object(["role": .string("user"), "content": .string("first\n\nsecond")]))
        #expect(body["messages"]?[1]?["role"] == .string("assistant"))
        #expect(body["messages"]?[2]?["content"] == .string("tell me about dolphins"))
    }

    // MARK: Azure OpenAI

    /// What the Azure test double saw: path, `api-version` and `api-key`.
    actor Seen {
        var requests: [(path: String, version: String?, key: String?)] = []
        func add(_ path: String, _ version: String?, _ key: String?) { requests.append((path, version, key)) }
    }

    @Test func azureOpenAIDeploymentsGetTheirPathApiVersionAndKey() async throws {
        let seen = Seen()
        // A test double for an Azure OpenAI resource: it records the call and answers a fixed chat completion.
        let router = Router()
        router.post("/openai/deployments/:deployment/chat/completions") { request, context -> Response in
            await seen.add(request.uri.path, request.uri.queryParameters["api-version"].map(String.init), request.headers[HTTPField.Name("api-key")!])
            let answer = #"{"id":"x","object":"chat.completion","model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"from azure"},"finish_reason":"stop"}]}"#
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: answer)))
        }
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { azure in
            let deployment = Deployment(name: "azure-eu", provider: "upstream", region: "eu-west-1", upstreamModel: "gpt-4o",
                                        endpoint: .azureOpenAI(baseURL: "http://127.0.0.1:\(azure.port!)/openai/deployments/prod-gpt4o",
                                                               apiKey: "azure-key-123", apiVersion: "2024-10-21"))
            try await TestGateway.application(try TestGateway.pipeline([deployment])).test(.router) { client in
                try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat()) { response in
                    #expect(response.status == .ok)
                    let json = try TestGateway.json(response.body)
                    #expect(json["choices"]?[0]?["message"]?["content"] == .string("from azure"))
                }
            }
        }
        let requests = await seen.requests
        #expect(requests.count == 1)
        #expect(requests.first?.path == "/openai/deployments/prod-gpt4o/chat/completions")
        #expect(requests.first?.version == "2024-10-21")
        #expect(requests.first?.key == "azure-key-123")
    }

    /// Numbers an upstream sends are never trusted to fit: converting 1e300 to an `Int` would stop the gateway.
    @Test func absurdNumbersFromAnUpstreamAreIgnoredOrRefusedNeverACrash() async throws {
        let router = Router()
        router.post("/v1/chat/completions") { _, _ -> Response in
            let answer = #"{"id":"x","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1e300,"completion_tokens":-3}}"#
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: answer)))
        }
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { upstream in
            let deployment = TestGateway.upstream("odd", url: "http://127.0.0.1:\(upstream.port!)/v1")
            try await TestGateway.application(try TestGateway.pipeline([deployment])).test(.router) { client in
                let response = try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat())
                #expect(response.status == .ok)
                #expect(try TestGateway.json(response.body)["usage"] == nil)
            }
        }
        // Anthropic stream events with block indexes and counts no Int holds.
        var decoder = AnthropicStreamDecoder()
        let events = [
            #"{"type":"message_start","message":{"usage":{"input_tokens":1e300}}}"#,
            #"{"type":"content_block_start","index":1e300,"content_block":{"type":"tool_use","id":"t","name":"n"}}"#,
        ]
        _ = try decoder.feed(ByteBuffer(string: "event: message_start\ndata: \(events[0])\n\n"))
        #expect(throws: UpstreamError.self) { try decoder.feed(ByteBuffer(string: "event: content_block_start\ndata: \(events[1])\n\n")) }
    }

    /// Tool blocks of a stream (Anthropic's and Bedrock's) are read only as far as they make sense: a block index no
    /// `Int` holds, input for a block never started, a block started twice, or more calls than an answer may make
    /// end the stream as malformed.
    @Test(arguments: [
        ([(#"{"contentBlockIndex":1e300,"start":{"toolUse":{"toolUseId":"t","name":"n"}}}"#, true)], false),
        ([(#"{"contentBlockIndex":3,"delta":{"toolUse":{"input":"{}"}}}"#, false)], false),
        ([(#"{"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"t","name":"n"}}}"#, true),
          (#"{"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"u","name":"n"}}}"#, true)], false),
        ([(#"{"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"t"}}}"#, true)], false),
        ([(#"{"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"t","name":"n"}}}"#, true),
          (#"{"contentBlockIndex":1,"delta":{"toolUse":{"input":"{\"a\":1}"}}}"#, false)], true),
    ])
    func bedrockToolBlocksAreReadOnlyAsFarAsTheyMakeSense(_ events: [(json: String, start: Bool)], valid: Bool) throws {
        var decoder = BedrockStreamDecoder()
        func feed() throws -> [UpstreamChunk] {
            try events.flatMap { event in
                try decoder.feed(ByteBuffer(bytes: try EventStreamEncoder.encode(EventStreamMessage(headers: [
                    EventStreamHeader(":event-type", .string(event.start ? "contentBlockStart" : "contentBlockDelta")),
                    EventStreamHeader(":message-type", .string("event")),
                ], payload: Array(event.json.utf8)))))
            }
        }
        if valid {
            #expect(try feed().flatMap(\.toolCalls) == [ToolCallPiece(index: 0, id: "t", name: "n"), ToolCallPiece(index: 0, arguments: #"{"a":1}"#)])
        } else {
            #expect(throws: UpstreamError.self) { try feed() }
        }
    }

    /// One choice is asked for and read: a chunk of another choice would be read as the first's text.
    @Test(arguments: [
        (#"{"choices":[{"index":0,"delta":{"content":"a"}}]}"#, true), (#"{"choices":[{"delta":{"content":"a"}}]}"#, true),
        (#"{"choices":[{"index":1,"delta":{"content":"a"}}]}"#, false),
        (#"{"choices":[{"index":0,"delta":{"content":"a"}},{"index":1,"delta":{"content":"b"}}]}"#, false),
    ])
    func aStreamChunkOfAnotherChoiceIsMalformed(_ data: String, _ read: Bool) throws {
        if read { #expect(try OpenAIStreamDecoder.chunk(data).text == "a") } else { #expect(throws: UpstreamError.self) { try OpenAIStreamDecoder.chunk(data) } }
    }

    @Test func anAnswerMakesAtMost128ToolCalls() throws {
        var blocks = StreamedToolBlocks()
        for index in 0..<StreamedToolBlocks.maximumToolCalls {
            #expect(try blocks.start(block: .number(Double(index)), id: .string("t\(index)"), name: .string("n")).index == index)
        }
        #expect(throws: UpstreamError.self) { try blocks.start(block: .number(999), id: .string("t"), name: .string("n")) }
    }
}
