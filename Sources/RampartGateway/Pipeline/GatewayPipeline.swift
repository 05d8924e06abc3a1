import Foundation
public import Logging

/// The one enforcement path every model call takes, whatever its endpoint and whether it streams:
/// parse → resolve the route → request stages → upstream (with fallback only along the route's allowed
/// deployments) → answer.
public struct GatewayPipeline: Sendable {
    public var routes: RouteTable
    public var providers: [String: any ModelProvider]
    public var stages: [any RequestStage]
    public var metrics: GatewayMetrics
    public var logger: Logger

    public init(routes: RouteTable, providers: [String: any ModelProvider], stages: [any RequestStage], metrics: GatewayMetrics, logger: Logger) {
        self.routes = routes
        self.providers = providers
        self.stages = stages
        self.metrics = metrics
        self.logger = logger
    }

    /// What the pipeline answers: a whole completion or a stream, and the deployment that served it.
    public enum Outcome: Sendable {
        case completion(UpstreamCompletion, ModelCall, Deployment)
        case stream(AsyncThrowingStream<UpstreamChunk, any Error>, ModelCall, Deployment)
    }

    /// Runs a chat call through every stage and to an upstream.
    public func chat(_ chat: ChatRequest, endpoint: String, requestID: String) async throws(GatewayError) -> Outcome {
        guard let route = routes.route(for: chat.model) else { throw .modelNotFound(chat.model) }
        var call = ModelCall(requestID: requestID, endpoint: endpoint, chat: chat, route: route)
        for stage in stages { try await stage.apply(to: &call) }
        return try await upstream(call)
    }

    func upstream(_ call: ModelCall) async throws(GatewayError) -> Outcome {
        var failures: [String] = []
        var lastError: UpstreamError?
        for deployment in call.route.deployments {
            // The table holds only allowed deployments; checking again here keeps that true if it is ever not.
            guard case .success = call.route.workload.allows(deployment), let provider = providers[deployment.name] else {
                continue
            }
            let request = UpstreamRequest(deployment: deployment, chat: call.chat, requestID: call.requestID)
            do {
                if call.chat.stream {
                    return .stream(try await provider.stream(request), call, deployment)
                }
                let completion = try await provider.complete(request)
                if let usage = completion.usage { metrics.tokens(usage, deployment: deployment.name) }
                return .completion(completion, call, deployment)
            } catch let error as UpstreamError {
                metrics.upstreamError(deployment: deployment.name, kind: error.kind)
                logger.warning("upstream failed", metadata: [
                    "request_id": "\(call.requestID)", "deployment": "\(deployment.name)", "kind": "\(error.kind.rawValue)",
                    "status": "\(error.status.map(String.init) ?? "-")",
                ])
                lastError = error
                failures.append(deployment.name)
                guard error.retryable else { break }
            } catch is CancellationError {
                throw GatewayError(status: 499, type: "client_error", code: "client_closed", message: "the client went away")
            } catch {
                metrics.upstreamError(deployment: deployment.name, kind: .connect)
                lastError = UpstreamError(.connect, "\(error)")
                failures.append(deployment.name)
            }
        }
        if let lastError, !lastError.retryable, let status = lastError.status {
            throw GatewayError(status: status, type: "upstream_error", code: "upstream_rejected",
                               message: "the upstream refused the request (\(status))")
        }
        if lastError?.kind == .timeout {
            throw .upstreamTimeout("no deployment of '\(call.chat.model)' answered in time (tried \(failures.joined(separator: ", ")))")
        }
        throw .upstreamUnavailable("no deployment of '\(call.chat.model)' could answer (tried \(failures.joined(separator: ", ")))")
    }
}
