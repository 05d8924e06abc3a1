import Foundation
public import Logging
public import RampartCore
public import RampartPolicy

/// The one enforcement path every model call takes, whatever its endpoint and whether it streams:
/// parse → authenticate (middleware) → resolve the route the caller is authorized for → request stages →
/// limits → upstream (with fallback only along the route's allowed deployments) → answer → settle limits.
public struct GatewayPipeline: Sendable {
    public var routes: RouteTable
    public var access: AccessControl
    /// Rate, concurrency and spend limits; nil only where none are configured.
    public var admission: (any CallAdmission)?
    /// What the answers are scanned for before the client sees them; nil: not scanned.
    public var output: OutputScanning?
    public var providers: [String: any ModelProvider]
    public var stages: [any RequestStage]
    public var metrics: GatewayMetrics
    public var logger: Logger
    public var breakers: CircuitBreakers
    public var retry: RetrySchedule
    /// A random number in [0, 1) for jitter; injected so tests are repeatable.
    public var random: @Sendable () -> Double
    /// Waits between attempts; injected so tests need not wait.
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(
        routes: RouteTable, access: AccessControl, admission: (any CallAdmission)? = nil, output: OutputScanning? = nil,
        providers: [String: any ModelProvider], stages: [any RequestStage], metrics: GatewayMetrics,
        logger: Logger, breakers: CircuitBreakers? = nil, retry: RetrySchedule = RetrySchedule(),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.routes = routes
        self.access = access
        self.admission = admission
        self.output = output
        self.providers = providers
        self.stages = stages
        self.metrics = metrics
        self.logger = logger
        self.breakers = breakers ?? CircuitBreakers(metrics: metrics)
        self.retry = retry
        self.random = random
        self.sleep = sleep
    }

    /// What the pipeline answers: a whole completion or a stream, and the deployment that served it.
    public enum Outcome: Sendable {
        case completion(UpstreamCompletion, ModelCall, Deployment)
        case stream(AsyncThrowingStream<UpstreamChunk, any Error>, ModelCall, Deployment)
    }

    /// Runs a chat call through every stage and to an upstream.
    public func chat(
        _ chat: ChatRequest, endpoint: String, requestID: String, caller: Caller, transport: TransportIdentity = TransportIdentity(),
        trail: CallTrail = CallTrail()
    ) async throws(GatewayError) -> Outcome {
        trail.update { $0.endUser = chat.endUser; $0.streamed = chat.stream }
        let route = try self.route(chat.model, for: caller, requestID: requestID, trail: trail)
        try Self.checkProviderRetention(chat, route)
        Self.sign(chat, route, trail)
        var call = ModelCall(requestID: requestID, endpoint: endpoint, chat: chat, route: route, transport: transport, caller: caller, trail: trail)
        for stage in stages { try await stage.apply(to: &call) }
        return try await scanned(try await admitted(call))
    }

    /// Runs an embeddings call through every stage (identity, scanning, guards, limits) and to an upstream.
    public func embeddings(_ request: ChatRequest, requestID: String, caller: Caller, transport: TransportIdentity = TransportIdentity(),
                           trail: CallTrail = CallTrail())
        async throws(GatewayError) -> (UpstreamEmbeddings, ModelCall)
    {
        trail.update { $0.endUser = request.endUser }
        let route = try self.route(request.model, for: caller, requestID: requestID, trail: trail)
        Self.sign(request, route, trail)
        var call = ModelCall(requestID: requestID, endpoint: "embeddings", chat: request, route: route, transport: transport, caller: caller, trail: trail)
        for stage in stages { try await stage.apply(to: &call) }
        let admitted = try await admission?.admit(call)
        let embeddings: UpstreamEmbeddings
        do {
            embeddings = try await fallback(call) { provider, upstream, _, _ in try await provider.embed(upstream) }
        } catch {
            await admitted?.finish(nil)
            throw error
        }
        let usage = embeddings.usage ?? TokenUsage(prompt: TokenEstimate.tokens(in: call.chat.promptText), completion: 0)
        trail.update { $0.usage = usage }
        await admitted?.finish(usage)
        return (embeddings, call)
    }

    /// `store: true` has OpenAI keep the conversation (stored completions, for its dashboard, evaluations and
    /// distillation), beyond the gateway's reach and the workload's retention: refused for workloads classified
    /// confidential or restricted. `store: false` and no `store` pass.
    static func checkProviderRetention(_ request: ChatRequest, _ route: ModelRoute) throws(GatewayError) {
        guard request.body["store"] == .bool(true), route.workload.classification >= .confidential else { return }
        throw .invalidRequest("'store': true would have the provider keep this conversation; workload \(route.workload.name) is classified "
                              + "\(route.workload.classification), whose data the provider may not keep", code: "unsupported_parameter", param: "store")
    }

    /// Records the prompt's similarity signature for a call to a fine-tuned or self-trained model (scopes 4 and 5),
    /// for the model-extraction detection.
    static func sign(_ request: ChatRequest, _ route: ModelRoute, _ trail: CallTrail) {
        guard route.workload.scope.number >= 4 else { return }
        let signature = PromptSignature.of(request.promptText)
        trail.update { $0.promptSignature = signature }
    }

    /// The upstream's answer within the call's limits: admitted first, settled when it ends.
    func admitted(_ call: ModelCall) async throws(GatewayError) -> Outcome {
        guard let admitted = try await admission?.admit(call) else { return try await upstream(call) }
        let outcome: Outcome
        do {
            outcome = try await upstream(call, finish: admitted.finish)
        } catch {
            await admitted.finish(nil)
            throw error
        }
        if case .completion = outcome {
            // `upstream` put the completion's usage (reported, else estimated) in the trail.
            await admitted.finish(call.trail.snapshot.usage)
        }
        return outcome
    }

    /// The answer as the client may see it, after output scanning.
    func scanned(_ outcome: Outcome) async throws(GatewayError) -> Outcome {
        guard let output else { return outcome }
        switch outcome {
        case .completion(let completion, let call, let deployment):
            return .completion(try await output.scan(completion, call: call), call, deployment)
        case .stream(let stream, let call, let deployment):
            return .stream(output.guarding(stream, call: call), call, deployment)
        }
    }

    /// The route for a model name the caller is authorized to invoke. An alias resolves to the first of its
    /// models the caller may invoke (say, the one trained on data the caller is cleared for).
    public func route(_ model: String, for caller: Caller, requestID: String, trail: CallTrail = CallTrail()) throws(GatewayError) -> ModelRoute {
        if let candidates = routes.aliases[model] {
            var last: Decision?
            for name in candidates {
                guard let route = routes.route(for: name) else { continue }
                let decision = access.authorize(caller, .invokeModel, route.resource, requestID: requestID)
                if decision.allowed {
                    trail.update { $0.route = route; $0.decision = decision }
                    return route
                }
                last = decision
            }
            guard var last else { throw .modelNotFound(model) }
            last.resource = Resource(kind: .model, id: model)
            trail.update { [last] in $0.decision = last }
            throw access.refusal(caller, last, requestID: requestID)
        }
        guard let route = routes.route(for: model) else { throw .modelNotFound(model) }
        let decision = access.authorize(caller, .invokeModel, route.resource, requestID: requestID)
        trail.update { $0.route = route; $0.decision = decision }
        guard decision.allowed else { throw access.refusal(caller, decision, requestID: requestID) }
        return route
    }

    /// The model names and aliases the caller may list and invoke.
    public func visibleModels(for caller: Caller, requestID: String) -> [String] {
        func visible(_ name: String) -> Bool {
            guard let route = routes.route(for: name) else { return false }
            return access.authorize(caller, .listModels, route.resource, requestID: requestID).allowed
                && access.authorize(caller, .invokeModel, route.resource, requestID: requestID).allowed
        }
        let models = routes.models.filter(visible)
        let aliases = routes.aliases.filter { $0.value.contains(where: visible) }.keys
        return (models + aliases).sorted()
    }

    /// Sends the call upstream; a stream calls `finish` with its usage when it ends, however it ends.
    func upstream(_ call: ModelCall, finish: (@Sendable (TokenUsage?) async -> Void)? = nil) async throws(GatewayError) -> Outcome {
        let trail = call.trail
        return try await fallback(call) { provider, request, deployment, started in
            trail.update { $0.deployment = deployment }
            if call.chat.stream {
                let stream = try await provider.stream(request)
                let tally = StreamTally(chat: call.chat) { usage in
                    trail.update { $0.usage = usage }
                    await finish?(usage)
                }
                return .stream(StreamTimeouts.guarding(stream, idle: deployment.idleTimeout, total: deployment.totalTimeout,
                                                       deployment: deployment.name, started: started, tally: tally), call, deployment)
            }
            let completion = try await provider.complete(request)
            if let usage = completion.usage { metrics.tokens(usage, deployment: deployment.name) }
            trail.update { $0.usage = completion.usage ?? TokenUsage(prompt: TokenEstimate.tokens(in: call.chat.promptText),
                                                                     completion: TokenEstimate.tokens(in: completion.text)) }
            return .completion(completion, call, deployment)
        }
    }

    /// Runs `operation` against the route's deployments in order: skipping those whose breaker is open, retrying
    /// retryable failures with backoff, falling back to the next deployment, and stopping at a 4xx (the request's
    /// own fault). Every kind of upstream call (chat, streams, embeddings) goes through this one loop.
    func fallback<T: Sendable>(
        _ call: ModelCall,
        _ operation: (any ModelProvider, UpstreamRequest, Deployment, ContinuousClock.Instant) async throws -> T
    ) async throws(GatewayError) -> T {
        var failures: [String] = []
        var lastError: UpstreamError?
        var reopensAt: ContinuousClock.Instant?
        var toolLimits: [(deployment: String, param: String)] = []
        let carriesTools = call.chat.carriesTools
        deployments: for deployment in call.route.deployments {
            // The table holds only allowed deployments; checking again here keeps that true if it is ever not.
            guard case .success = call.route.workload.allows(deployment), let provider = providers[deployment.name] else {
                continue
            }
            // A call with tools goes only where its tools go too: never sent on without them.
            if carriesTools, let param = deployment.endpoint.toolLimit(call.chat) {
                toolLimits.append((deployment.name, param))
                continue
            }
            let decision = await breakers.decide(deployment.name)
            if case .reject(let until) = decision {
                failures.append("\(deployment.name) (circuit open)")
                reopensAt = min(reopensAt ?? until, until)
                continue
            }
            let request = UpstreamRequest(deployment: deployment, chat: call.chat, requestID: call.requestID)
            let started = ContinuousClock.now
            var attempt = 1
            while true {
                do {
                    let result = try await operation(provider, request, deployment, started)
                    await breakers.recordSuccess(deployment.name)
                    return result
                } catch let error as UpstreamError {
                    metrics.upstreamError(deployment: deployment.name, kind: error.kind)
                    logger.warning("upstream failed", metadata: [
                        "request_id": "\(call.requestID)", "deployment": "\(deployment.name)", "kind": "\(error.kind.rawValue)",
                        "status": "\(error.status.map(String.init) ?? "-")", "attempt": "\(attempt)",
                    ])
                    lastError = error
                    guard error.retryable else {
                        // The request's own fault (a 4xx): not the deployment's, and no other deployment will differ.
                        await breakers.recordSuccess(deployment.name)
                        break deployments
                    }
                    await breakers.recordFailure(deployment.name)
                    guard decision == .allow,
                          let wait = retry.delay(after: attempt, retryAfter: error.retryAfter, unit: random())
                    else {
                        failures.append(deployment.name)
                        continue deployments
                    }
                    do { try await sleep(wait) } catch { throw Self.clientGone }
                    attempt += 1
                } catch is CancellationError {
                    throw Self.clientGone
                } catch {
                    metrics.upstreamError(deployment: deployment.name, kind: .connect)
                    await breakers.recordFailure(deployment.name)
                    lastError = UpstreamError(.connect, "\(error)")
                    failures.append(deployment.name)
                    continue deployments
                }
            }
        }
        if lastError == nil, reopensAt == nil, let first = toolLimits.first {
            let names = toolLimits.map { "\($0.deployment) cannot take \($0.param)" }.joined(separator: "; ")
            throw GatewayError(status: 400, type: "invalid_request_error", code: "unsupported_parameter",
                               message: "no deployment of '\(call.chat.model)' can take this call's tools as sent (\(names))", param: first.param)
        }
        if let lastError, !lastError.retryable, let status = lastError.status {
            // An upstream refusing the gateway's own credentials is the gateway's fault, not the client's.
            if status == 401 || status == 403 {
                throw GatewayError(status: 502, type: "upstream_error", code: "upstream_auth_failed",
                                   message: "the upstream refused the gateway's credentials (\(status))")
            }
            throw GatewayError(status: status, type: "upstream_error", code: "upstream_rejected",
                               message: "the upstream refused the request (\(status))")
        }
        if lastError == nil, let reopensAt {
            let seconds = max(1, Int(((reopensAt - .now) / .seconds(1)).rounded(.up)))
            throw GatewayError(status: 503, type: "upstream_error", code: "upstream_circuit_open",
                               message: "every deployment of '\(call.chat.model)' is failing; try again later", retryAfter: seconds)
        }
        if lastError?.kind == .timeout {
            throw .upstreamTimeout("no deployment of '\(call.chat.model)' answered in time (tried \(failures.joined(separator: ", ")))")
        }
        throw .upstreamUnavailable("no deployment of '\(call.chat.model)' could answer (tried \(failures.joined(separator: ", ")))")
    }

    static let clientGone = GatewayError(status: 499, type: "client_error", code: "client_closed", message: "the client went away")
}
