public import AsyncHTTPClient
import Foundation
import NIOCore
import RampartAWS
public import RampartCore

/// Amazon Bedrock through the Converse and ConverseStream APIs, every request signed with SigV4 for the
/// deployment's region (`https://bedrock-runtime.{region}.amazonaws.com` unless the deployment names an endpoint).
public struct BedrockProvider: ModelProvider {
    let http: UpstreamHTTP
    let clock: WallClock

    /// `clock` gives the signing time.
    public init(client: HTTPClient, pins: PinnedUpstreamClients? = nil, clock: WallClock = .system) {
        self.http = UpstreamHTTP(client: client, pins: pins)
        self.clock = clock
    }

    public func complete(_ request: UpstreamRequest) async throws -> UpstreamCompletion {
        try await http.answer(try await send(request, operation: "converse"), deployment: request.deployment) {
            try BedrockConverse.completion($0, model: request.deployment.upstreamModel)
        }
    }

    public func stream(_ request: UpstreamRequest) async throws -> AsyncThrowingStream<UpstreamChunk, any Error> {
        http.chunks(of: try await send(request, operation: "converse-stream"), decoder: BedrockStreamDecoder(), deployment: request.deployment.name)
    }

    /// Bedrock answers exceptions with their HTTP status (429 throttling, 503 unavailable, 408 model timeout, 400
    /// validation), which retries and fallback read as they read any upstream's.
    func send(_ request: UpstreamRequest, operation: String) async throws -> HTTPClientResponse {
        try await http.send(try await signedRequest(request, operation: operation), deployment: request.deployment)
    }

    /// The signed HTTP request for one Converse operation.
    func signedRequest(_ request: UpstreamRequest, operation: String) async throws -> HTTPClientRequest {
        guard case .bedrock(let baseURL, let source) = request.deployment.endpoint,
              let base = URLComponents(string: baseURL), let host = base.host
        else { throw UpstreamError(.connect, "deployment \(request.deployment.name) is not a Bedrock endpoint") }
        let credentials: AWSCredentials
        do { credentials = try await source.credentials() } catch {
            // Like an unreachable upstream: the next deployment may have credentials; the error names no secret.
            throw UpstreamError(.connect, "deployment \(request.deployment.name): no AWS credentials from \(source): \(error)")
        }
        let basePath = base.percentEncodedPath.hasSuffix("/") ? String(base.percentEncodedPath.dropLast()) : base.percentEncodedPath
        let path = "\(basePath)/model/\(AWSPercentEncoding.encode(request.deployment.upstreamModel))/\(operation)"
        let body = try BedrockConverse.body(request.chat).jsonBytes
        let accept = operation == "converse-stream" ? "application/vnd.amazon.eventstream" : "application/json"
        let hostHeader = SigV4Request.host(host, port: base.port)
        let signed = SigV4Signer(service: "bedrock", region: request.deployment.region).sign(
            SigV4Request(method: "POST", host: hostHeader, path: path, headers: [("content-type", "application/json"), ("accept", accept)], body: body),
            credentials: credentials, at: clock.now)
        var http = HTTPClientRequest(url: "\(base.scheme ?? "https")://\(hostHeader)\(path)")
        http.method = .POST
        http.headers.add(name: "content-type", value: "application/json")
        http.headers.add(name: "accept", value: accept)
        http.headers.add(name: "x-request-id", value: request.requestID)
        for header in signed.headers { http.headers.add(name: header.name, value: header.value) }
        http.body = .bytes(ByteBuffer(bytes: body))
        return http
    }
}
