public import Foundation
import HTTPTypes
public import Hummingbird
import Logging
import NIOCore
import RampartCore
import RampartPolicy

/// Limits the HTTP layer enforces before the pipeline sees a request.
public struct HTTPLimits: Sendable, Hashable {
    public var maximumBodyBytes: Int
    public init(maximumBodyBytes: Int = 4 << 20) { self.maximumBodyBytes = maximumBodyBytes }
}

/// Builds the gateway's router: the OpenAI-compatible API, health, readiness and metrics.
public enum GatewayRouter {
    /// - Parameter tls: whether the listener speaks TLS; without it, no call asks the connection for TLS facts
    ///   (that costs a hop onto the event loop per request).
    /// - Parameter recorder: the audit log every request is recorded in before its answer completes; nil only in
    ///   tests of other concerns and tools that record nothing.
    public static func make(pipeline: GatewayPipeline, limits: HTTPLimits = HTTPLimits(), tls: Bool = false,
                            recorder: (any CallRecorder)? = nil, trustedProxies: [NetworkRange] = []) -> Router<GatewayContext> {
        @Sendable func transport(_ context: GatewayContext) async -> TransportIdentity {
            tls ? await context.transport() : TransportIdentity()
        }
        let router = Router(context: GatewayContext.self)
        router.middlewares.add(EventLoopAffinity())
        router.middlewares.add(OpenAIErrorMiddleware(metrics: pipeline.metrics, logger: pipeline.logger))
        if let recorder { router.middlewares.add(AuditMiddleware(recorder: recorder, logger: pipeline.logger, trustedProxies: trustedProxies)) }
        router.middlewares.add(AuthenticationMiddleware(access: pipeline.access, tls: tls))

        router.get("/healthz") { _, _ in OpenAIResponses.json(.object(["status": .string("ok")])) }
        router.get("/readyz") { _, _ in
            let ready = !pipeline.routes.models.isEmpty
            return OpenAIResponses.json(.object(["status": .string(ready ? "ready" : "no models"), "models": .number(Double(pipeline.routes.models.count))]),
                                        status: ready ? .ok : .serviceUnavailable)
        }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: pipeline.metrics.text())))
        }
        router.get("/v1/models") { _, context in
            let caller = try context.requireCaller()
            return OpenAIResponses.json(.object(["object": .string("list"), "data": .array(pipeline.visibleModels(for: caller, requestID: context.requestID).map {
                .object(["id": .string($0), "object": .string("model"), "created": .number(0), "owned_by": .string("rampart")])
            })]))
        }
        router.post("/v1/guard/scan") { request, context in
            let caller = try context.requireCaller()
            try pipeline.access.require(caller, .scanText, Resource(kind: .guardService, id: "scan"), requestID: context.requestID)
            let scan = try JSONBody.decode(GuardScanRequest.self, from: try await bodyBytes(of: request, limits: limits))
            return OpenAIResponses.json(bytes: try scan.answer().jsonBytes, headers: [HTTPField.Name("x-request-id")!: context.requestID])
        }
        router.post("/v1/embeddings") { request, context in
            let embeddingsRequest = try EmbeddingsRequest.chat(try await body(of: request, limits: limits))
            let caller = try context.requireCaller()
            let (embeddings, call) = try await pipeline.embeddings(embeddingsRequest, requestID: context.requestID, caller: caller,
                                                                   transport: await transport(context), trail: context.trail)
            return OpenAIResponses.json(EmbeddingsRequest.answer(embeddings), headers: [
                HTTPField.Name("x-request-id")!: context.requestID, HTTPField.Name("x-rampart-model")!: call.route.model,
            ])
        }
        router.post("/v1/chat/completions") { request, context in
            let chat = try ChatRequest(openAI: try await body(of: request, limits: limits))
            let requestID = context.requestID
            let caller = try context.requireCaller()
            switch try await pipeline.chat(chat, endpoint: "chat.completions", requestID: requestID, caller: caller,
                                           transport: await transport(context), trail: context.trail) {
            case .completion(let completion, let call, let deployment):
                let created = Int(Date().timeIntervalSince1970)
                return OpenAIResponses.json(OpenAIResponses.completion(completion, call: call, created: created),
                                            headers: headers(requestID, deployment, model: call.route.model))
            case .stream(let stream, let call, let deployment):
                return Response(status: .ok, headers: headers(requestID, deployment, model: call.route.model, streaming: true),
                                body: OpenAIResponses.stream(stream, call: call, deployment: deployment, created: Int(Date().timeIntervalSince1970),
                                                             metrics: pipeline.metrics, breakers: pipeline.breakers))
            }
        }
        router.post("/v1/messages") { request, context in
            let chat = try AnthropicMessages.request(try await body(of: request, limits: limits))
            let requestID = context.requestID
            let caller = try context.requireCaller()
            switch try await pipeline.chat(chat, endpoint: "messages", requestID: requestID, caller: caller, transport: await transport(context),
                                           trail: context.trail) {
            case .completion(let completion, let call, let deployment):
                return OpenAIResponses.json(try AnthropicMessages.message(completion, call: call), headers: headers(requestID, deployment, model: call.route.model))
            case .stream(let stream, let call, let deployment):
                return Response(status: .ok, headers: headers(requestID, deployment, model: call.route.model, streaming: true),
                                body: AnthropicStream.body(stream, call: call, deployment: deployment, metrics: pipeline.metrics,
                                                           breakers: pipeline.breakers))
            }
        }
        return router
    }
}

/// Collects and parses a JSON body, refusing one larger than the limit.
func body(of request: Request, limits: HTTPLimits) async throws -> JSONValue {
    try JSONBody.parse(try await bodyBytes(of: request, limits: limits))
}

/// Collects a body, refusing one larger than the limit with 413.
public func bodyBytes(of request: Request, limits: HTTPLimits) async throws -> Data {
    do {
        return Data(buffer: try await request.body.collect(upTo: limits.maximumBodyBytes))
    } catch {
        throw GatewayError.tooLarge("the body is larger than \(limits.maximumBodyBytes) bytes", code: "body_too_large")
    }
}

/// The headers every model answer carries: the request id, the deployment that answered and the model the name
/// resolved to (an alias resolves per caller).
func headers(_ requestID: String, _ deployment: Deployment, model: String, streaming: Bool = false) -> HTTPFields {
    var headers: HTTPFields = [HTTPField.Name("x-request-id")!: requestID, HTTPField.Name("x-rampart-upstream")!: deployment.name,
                               HTTPField.Name("x-rampart-model")!: model]
    if streaming {
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
    }
    return headers
}

/// Request ids the gateway makes itself (a client's header is never trusted into logs).
enum RequestID {
    /// 128 random bits as 32 lower-case hex digits (a UUID's string, dashes removed and lower-cased, cost 2 % of a
    /// request's CPU).
    static func make() -> String { Hex.random(bytes: 16) }
}

/// Answers every failure in the OpenAI error shape, counts every answer, and never lets an unexpected error
/// out as anything but a generic 500.
struct OpenAIErrorMiddleware: RouterMiddleware {
    typealias Context = GatewayContext
    let metrics: GatewayMetrics
    let logger: Logger

    func handle(_ request: Request, context: GatewayContext, next: (Request, GatewayContext) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let endpoint = request.uri.path
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as GatewayError {
            response = OpenAIResponses.error(error, requestID: context.requestID, anthropic: endpoint == "/v1/messages")
        } catch let error as HTTPError {
            let status = Int(error.status.code)
            let code = status == 404 ? "not_found" : status == 405 ? "method_not_allowed" : status == 413 ? "body_too_large" : "invalid_request"
            let message = status == 404 ? "no such endpoint: \(request.method) \(endpoint)" : error.body ?? "the request was refused"
            response = OpenAIResponses.error(
                GatewayError(status: status, type: status >= 500 ? "server_error" : "invalid_request_error", code: code, message: message),
                requestID: context.requestID, anthropic: endpoint == "/v1/messages")
        } catch {
            logger.error("unhandled error", metadata: ["path": "\(endpoint)", "error": "\(type(of: error))"])
            response = OpenAIResponses.error(.internalError(), requestID: context.requestID)
        }
        let known = ["/v1/chat/completions", "/v1/messages", "/v1/embeddings", "/v1/models", "/v1/guard/scan", "/healthz", "/readyz", "/metrics"]
            .contains(endpoint)
        // Every answer names its request, so a caller can point at its audit record.
        if response.headers[HTTPField.Name("x-request-id")!] == nil { response.headers[HTTPField.Name("x-request-id")!] = context.requestID }
        metrics.request(endpoint: known ? endpoint : endpoint.hasPrefix("/admin/v1/") ? "/admin/v1" : "other", status: Int(response.status.code), duration: ContinuousClock.now - started)
        return response
    }
}
