public import AsyncHTTPClient
import Foundation
import NIOCore
import RampartAWS

/// An upstream that speaks the OpenAI chat completions API: OpenAI, Azure OpenAI deployments, vLLM, Ollama,
/// the llama.cpp server, or another gateway.
public struct OpenAICompatibleProvider: ModelProvider {
    let http: UpstreamHTTP

    /// `client` should refuse redirects; the composition root configures it so.
    public init(client: HTTPClient, pins: PinnedUpstreamClients? = nil) { self.http = UpstreamHTTP(client: client, pins: pins) }

    /// `POST {base}/embeddings` with the inputs as they are after the gateway's stages (redacted or pseudonymized).
    public func embed(_ request: UpstreamRequest) async throws -> UpstreamEmbeddings {
        var body = request.chat.forwardedFields
        body["model"] = .string(request.deployment.upstreamModel)
        body["input"] = .array(request.chat.messages.map { .string($0.text) })
        if let user = request.chat.body["user"] { body["user"] = user }
        let json = try await http.json(try await http.send(try httpRequest(request, path: "embeddings", body: .object(body), stream: false),
                                                           deployment: request.deployment), deployment: request.deployment)
        guard case .array(let data)? = json["data"] else {
            throw UpstreamError(.malformed, "\(request.deployment.name): the embeddings answer is not an OpenAI embeddings object")
        }
        let vectors = data.compactMap { $0["embedding"] }
        guard vectors.count == request.chat.messages.count else {
            throw UpstreamError(.malformed, "the embeddings answer has \(vectors.count) vectors for \(request.chat.messages.count) inputs")
        }
        var usage: TokenUsage?
        if let prompt = json["usage"]?["prompt_tokens"]?.count { usage = TokenUsage(prompt: prompt, completion: 0) }
        let model = json["model"].flatMap { if case .string(let name) = $0 { name } else { nil } } ?? request.deployment.upstreamModel
        return UpstreamEmbeddings(vectors: vectors, usage: usage, model: model)
    }

    public func complete(_ request: UpstreamRequest) async throws -> UpstreamCompletion {
        let json = try await http.json(try await send(request, stream: false), deployment: request.deployment)
        guard case .array(let choices)? = json["choices"], let first = choices.first else {
            throw UpstreamError(.malformed, "\(request.deployment.name): the answer is not a chat completion")
        }
        let text: String
        switch first["message"]?["content"] {
        case .string(let content)?: text = content
        case .null?, nil: text = ""
        default: throw UpstreamError(.malformed, "\(request.deployment.name): message content is not text")
        }
        var finish = "stop"
        if case .string(let reason)? = first["finish_reason"] { finish = reason }
        var model = request.deployment.upstreamModel
        if case .string(let reported)? = json["model"] { model = reported }
        let toolCalls: [ToolCall]
        do {
            toolCalls = try ToolCall.list(first["message"]?["tool_calls"], param: "tool_calls")
        } catch {
            throw UpstreamError(.malformed, "\(request.deployment.name): \(error.message)")
        }
        return UpstreamCompletion(text: text, finishReason: finish, usage: Self.usage(json["usage"]), model: model, toolCalls: toolCalls)
    }

    public func stream(_ request: UpstreamRequest) async throws -> AsyncThrowingStream<UpstreamChunk, any Error> {
        http.chunks(of: try await send(request, stream: true), decoder: OpenAIStreamDecoder(), deployment: request.deployment.name)
    }

    func send(_ request: UpstreamRequest, stream: Bool) async throws -> HTTPClientResponse {
        var body = request.chat.body
        if case .object(var object) = body {
            object["model"] = .string(request.deployment.upstreamModel)
            object["stream"] = .bool(stream)
            body = .object(object)
        }
        return try await http.send(try httpRequest(request, path: "chat/completions", body: body, stream: stream), deployment: request.deployment)
    }

    func httpRequest(_ request: UpstreamRequest, path: String, body: JSONValue, stream: Bool) throws -> HTTPClientRequest {
        let url: String, authorization: (name: String, value: String)?
        switch request.deployment.endpoint {
        case .openAICompatible(let baseURL, let apiKey):
            url = Self.join(baseURL, path)
            authorization = apiKey.map { ("authorization", "Bearer \($0)") }
        case .azureOpenAI(let baseURL, let apiKey, let apiVersion):
            url = Self.join(baseURL, path) + "?api-version=" + AWSPercentEncoding.encode(apiVersion)
            authorization = ("api-key", apiKey)
        default:
            throw UpstreamError(.connect, "deployment \(request.deployment.name) is not OpenAI-compatible")
        }
        var http = HTTPClientRequest(url: url)
        http.method = .POST
        http.headers.add(name: "content-type", value: "application/json")
        http.headers.add(name: "accept", value: stream ? "text/event-stream" : "application/json")
        http.headers.add(name: "x-request-id", value: request.requestID)
        if let authorization { http.headers.add(name: authorization.name, value: authorization.value) }
        http.body = .bytes(ByteBuffer(bytes: body.jsonBytes))
        return http
    }

    static func join(_ base: String, _ path: String) -> String { base.hasSuffix("/") ? base + path : base + "/" + path }

    static func usage(_ value: JSONValue?) -> TokenUsage? {
        guard let prompt = value?["prompt_tokens"]?.count, let completion = value?["completion_tokens"]?.count else { return nil }
        return TokenUsage(prompt: prompt, completion: completion)
    }
}
