/// The circuit breakers of all deployments; the one stateful part of the resilience layer.
public actor CircuitBreakers {
    private var breakers: [String: CircuitBreakerStateMachine] = [:]
    private let settings: CircuitBreakerStateMachine.Settings
    private let metrics: GatewayMetrics

    public init(settings: CircuitBreakerStateMachine.Settings = .init(), metrics: GatewayMetrics) {
        self.settings = settings
        self.metrics = metrics
    }

    public func decide(_ deployment: String, at now: ContinuousClock.Instant = .now) -> CircuitBreakerStateMachine.Decision {
        var breaker = breakers[deployment] ?? CircuitBreakerStateMachine(settings: settings)
        let decision = breaker.decide(at: now)
        store(breaker, deployment)
        return decision
    }

    public func recordSuccess(_ deployment: String) {
        var breaker = breakers[deployment] ?? CircuitBreakerStateMachine(settings: settings)
        breaker.recordSuccess()
        store(breaker, deployment)
    }

    public func recordFailure(_ deployment: String, at now: ContinuousClock.Instant = .now) {
        var breaker = breakers[deployment] ?? CircuitBreakerStateMachine(settings: settings)
        breaker.recordFailure(at: now)
        store(breaker, deployment)
    }

    public func state(of deployment: String) -> CircuitBreakerStateMachine.State {
        breakers[deployment]?.state ?? .closed(consecutiveFailures: 0)
    }

    private func store(_ breaker: CircuitBreakerStateMachine, _ deployment: String) {
        breakers[deployment] = breaker
        metrics.breaker(deployment: deployment, state: breaker.gaugeValue)
    }
}
