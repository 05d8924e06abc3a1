public import AsyncHTTPClient
import Foundation
import NIOCore

/// Anthropic's Messages API (`POST {base}/v1/messages`, `x-api-key`, `anthropic-version`), plain and streamed.
public struct AnthropicProvider: ModelProvider {
    let http: UpstreamHTTP

    public init(client: HTTPClient, pins: PinnedUpstreamClients? = nil) { self.http = UpstreamHTTP(client: client, pins: pins) }

    public func complete(_ request: UpstreamRequest) async throws -> UpstreamCompletion {
        try await http.answer(try await send(request, stream: false), deployment: request.deployment) {
            try AnthropicMessagesTranslation.completion($0, model: request.deployment.upstreamModel)
        }
    }

    public func stream(_ request: UpstreamRequest) async throws -> AsyncThrowingStream<UpstreamChunk, any Error> {
        http.chunks(of: try await send(request, stream: true), decoder: AnthropicStreamDecoder(), deployment: request.deployment.name)
    }

    func send(_ request: UpstreamRequest, stream: Bool) async throws -> HTTPClientResponse {
        guard case .anthropic(let baseURL, let apiKey, let version) = request.deployment.endpoint else {
            throw UpstreamError(.connect, "deployment \(request.deployment.name) is not an Anthropic endpoint")
        }
        var http = HTTPClientRequest(url: (baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL) + "/v1/messages")
        http.method = .POST
        http.headers.add(name: "content-type", value: "application/json")
        http.headers.add(name: "accept", value: stream ? "text/event-stream" : "application/json")
        http.headers.add(name: "x-api-key", value: apiKey)
        http.headers.add(name: "anthropic-version", value: version)
        http.headers.add(name: "x-request-id", value: request.requestID)
        let body = try AnthropicMessagesTranslation.body(request.chat, model: request.deployment.upstreamModel, stream: stream)
        http.body = .bytes(ByteBuffer(bytes: body.jsonBytes))
        return try await self.http.send(http, deployment: request.deployment)
    }
}
