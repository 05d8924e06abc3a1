/// The circuit breakers of all deployments; the one stateful part of the resilience layer.
public actor CircuitBreakers {
    private var breakers: [String: CircuitBreakerStateMachine] = [:]
    private let settings: CircuitBreakerStateMachine.Settings
    private let metrics: GatewayMetrics
    private let now: @Sendable () -> ContinuousClock.Instant

    /// - Parameter now: the time the breakers read; tests pass a clock they move themselves.
    public init(
        settings: CircuitBreakerStateMachine.Settings = .init(), metrics: GatewayMetrics,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        self.settings = settings
        self.metrics = metrics
        self.now = now
    }

    public func decide(_ deployment: String) -> CircuitBreakerStateMachine.Decision {
        var breaker = breakers[deployment] ?? CircuitBreakerStateMachine(settings: settings)
        let decision = breaker.decide(at: now())
        store(breaker, deployment)
        return decision
    }

    public func recordSuccess(_ deployment: String) {
        var breaker = breakers[deployment] ?? CircuitBreakerStateMachine(settings: settings)
        breaker.recordSuccess()
        store(breaker, deployment)
    }

    public func recordFailure(_ deployment: String) {
        var breaker = breakers[deployment] ?? CircuitBreakerStateMachine(settings: settings)
        breaker.recordFailure(at: now())
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
