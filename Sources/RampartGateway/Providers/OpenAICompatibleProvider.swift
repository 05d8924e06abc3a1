public import AsyncHTTPClient
import Foundation
import NIOCore

/// An upstream that speaks the OpenAI chat completions API: OpenAI, Azure OpenAI deployments, vLLM, Ollama,
/// the llama.cpp server, or another gateway.
public struct OpenAICompatibleProvider: ModelProvider {
    let client: HTTPClient
    /// The most an upstream's whole (non-streamed) answer may be.
    static let maximumResponseBytes = 16 << 20

    /// `client` should refuse redirects; the composition root configures it so.
    public init(client: HTTPClient) { self.client = client }

    /// `POST {base}/embeddings` with the inputs as they are after the gateway's stages (redacted or pseudonymized).
    public func embed(_ request: UpstreamRequest) async throws -> UpstreamEmbeddings {
        guard case .openAICompatible(let baseURL, let apiKey) = request.deployment.endpoint else {
            throw UpstreamError(.connect, "deployment \(request.deployment.name) is not OpenAI-compatible")
        }
        var body = request.chat.forwardedFields
        body["model"] = .string(request.deployment.upstreamModel)
        body["input"] = .array(request.chat.messages.map { .string($0.text) })
        var http = HTTPClientRequest(url: baseURL.hasSuffix("/") ? baseURL + "embeddings" : baseURL + "/embeddings")
        http.method = .POST
        http.headers.add(name: "content-type", value: "application/json")
        http.headers.add(name: "x-request-id", value: request.requestID)
        if let apiKey { http.headers.add(name: "authorization", value: "Bearer \(apiKey)") }
        http.body = .bytes(ByteBuffer(data: try JSONEncoder().encode(JSONValue.object(body))))
        let response = try await execute(http, deployment: request.deployment)
        let bytes = try await response.body.collect(upTo: Self.maximumResponseBytes)
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(buffer: bytes)), case .array(let data)? = json["data"] else {
            throw UpstreamError(.malformed, "the embeddings answer is not an OpenAI embeddings object")
        }
        let vectors = data.compactMap { $0["embedding"] }
        guard vectors.count == request.chat.messages.count else {
            throw UpstreamError(.malformed, "the embeddings answer has \(vectors.count) vectors for \(request.chat.messages.count) inputs")
        }
        var usage: TokenUsage?
        if case .number(let prompt)? = json["usage"]?["prompt_tokens"] { usage = TokenUsage(prompt: Int(prompt), completion: 0) }
        let model = json["model"].flatMap { if case .string(let name) = $0 { name } else { nil } } ?? request.deployment.upstreamModel
        return UpstreamEmbeddings(vectors: vectors, usage: usage, model: model)
    }

    func httpRequest(_ request: UpstreamRequest, stream: Bool) throws -> HTTPClientRequest {
        guard case .openAICompatible(let baseURL, let apiKey) = request.deployment.endpoint else {
            throw UpstreamError(.connect, "deployment \(request.deployment.name) is not OpenAI-compatible")
        }
        var body = request.chat.body
        if case .object(var object) = body {
            object["model"] = .string(request.deployment.upstreamModel)
            object["stream"] = .bool(stream)
            body = .object(object)
        }
        var http = HTTPClientRequest(url: baseURL.hasSuffix("/") ? baseURL + "chat/completions" : baseURL + "/chat/completions")
        http.method = .POST
        http.headers.add(name: "content-type", value: "application/json")
        http.headers.add(name: "accept", value: stream ? "text/event-stream" : "application/json")
        http.headers.add(name: "x-request-id", value: request.requestID)
        if let apiKey { http.headers.add(name: "authorization", value: "Bearer \(apiKey)") }
        http.body = .bytes(ByteBuffer(data: try JSONEncoder().encode(body)))
        return http
    }

    func send(_ request: UpstreamRequest, stream: Bool) async throws -> HTTPClientResponse {
        try await execute(try httpRequest(request, stream: stream), deployment: request.deployment)
    }

    /// Sends a request within the deployment's time limit; any answer but 200 is an `UpstreamError` with its status
    /// and `Retry-After`.
    func execute(_ http: HTTPClientRequest, deployment: Deployment) async throws -> HTTPClientResponse {
        let response: HTTPClientResponse
        do {
            response = try await client.execute(http, timeout: .nanoseconds(Int64(deployment.totalTimeout.components.seconds * 1_000_000_000)))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .connectTimeout || error == .readTimeout {
            throw UpstreamError(.timeout, "\(deployment.name): \(error)")
        } catch {
            throw UpstreamError(.connect, "\(deployment.name): \(error)")
        }
        guard response.status.code == 200 else {
            let detail = (try? await response.body.collect(upTo: 4096)).map { String(buffer: $0) } ?? ""
            let retryAfter = response.headers.first(name: "retry-after").flatMap(Int.init).map { Duration.seconds(max(0, $0)) }
            throw UpstreamError(.status, status: Int(response.status.code), "\(deployment.name) answered \(response.status.code): \(detail.prefix(300))",
                                retryAfter: retryAfter)
        }
        return response
    }

    public func complete(_ request: UpstreamRequest) async throws -> UpstreamCompletion {
        let response = try await send(request, stream: false)
        let buffer: ByteBuffer
        do {
            buffer = try await response.body.collect(upTo: Self.maximumResponseBytes)
        } catch {
            throw UpstreamError(.malformed, "\(request.deployment.name): the answer was cut or too large")
        }
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(buffer: buffer)),
              case .array(let choices)? = json["choices"], let first = choices.first
        else { throw UpstreamError(.malformed, "\(request.deployment.name): the answer is not a chat completion") }
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
        return UpstreamCompletion(text: text, finishReason: finish, usage: Self.usage(json["usage"]), model: model)
    }

    public func stream(_ request: UpstreamRequest) async throws -> AsyncThrowingStream<UpstreamChunk, any Error> {
        let response = try await send(request, stream: true)
        let name = request.deployment.name
        return AsyncThrowingStream { continuation in
            let task = Task {
                var parser = SSEParser()
                do {
                    for try await buffer in response.body {
                        for event in try parser.feed(buffer.readableBytesView) {
                            if event.data == "[DONE]" {
                                continuation.finish()
                                return
                            }
                            continuation.yield(try Self.chunk(event.data, deployment: name))
                        }
                    }
                    continuation.finish(throwing: UpstreamError(.malformed, "\(name): the stream ended without [DONE]"))
                } catch let error as UpstreamError {
                    continuation.finish(throwing: error)
                } catch is SSEParser.TooLarge {
                    continuation.finish(throwing: UpstreamError(.malformed, "\(name): an event is larger than allowed"))
                } catch {
                    continuation.finish(throwing: UpstreamError(.connect, "\(name): the stream broke: \(error)"))
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    static func chunk(_ data: String, deployment: String) throws -> UpstreamChunk {
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(data.utf8)), case .object = json else {
            throw UpstreamError(.malformed, "\(deployment): a stream event is not JSON")
        }
        var chunk = UpstreamChunk(text: "", usage: usage(json["usage"]))
        if case .array(let choices)? = json["choices"], let first = choices.first {
            if case .string(let text)? = first["delta"]?["content"] { chunk.text = text }
            if case .string(let reason)? = first["finish_reason"] { chunk.finishReason = reason }
        }
        return chunk
    }

    static func usage(_ value: JSONValue?) -> TokenUsage? {
        guard case .number(let prompt)? = value?["prompt_tokens"], case .number(let completion)? = value?["completion_tokens"] else {
            return nil
        }
        return TokenUsage(prompt: Int(prompt), completion: Int(completion))
    }
}
