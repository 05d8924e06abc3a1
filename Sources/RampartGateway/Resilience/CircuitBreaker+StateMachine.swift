/// A circuit breaker for one deployment, as a pure state machine: inputs are events with the time they happened,
/// outputs are decisions. No clock, no locks; `CircuitBreakers` keeps one per deployment.
///
/// closed ──(`failureThreshold` failures in a row)──► open ──(`openDuration` passed)──► half-open
///   ▲                                                  ▲                                  │
///   └────────(`probeSuccesses` probes succeed)─────────┴──────(a probe fails)──────────────┘
public struct CircuitBreakerStateMachine: Sendable, Hashable {
    public struct Settings: Sendable, Hashable {
        public var failureThreshold: Int
        public var openDuration: Duration
        /// Probes let through at once while half-open.
        public var probesInFlight: Int
        /// Successful probes that close the breaker again.
        public var probeSuccesses: Int

        public init(failureThreshold: Int = 5, openDuration: Duration = .seconds(30), probesInFlight: Int = 1, probeSuccesses: Int = 2) {
            self.failureThreshold = max(1, failureThreshold)
            self.openDuration = openDuration
            self.probesInFlight = max(1, probesInFlight)
            self.probeSuccesses = max(1, probeSuccesses)
        }
    }

    public enum State: Sendable, Hashable {
        case closed(consecutiveFailures: Int)
        case open(until: ContinuousClock.Instant)
        case halfOpen(inFlight: Int, successes: Int)
    }

    public enum Decision: Sendable, Hashable {
        /// Send the call.
        case allow
        /// Send the call as a probe of a deployment that was failing.
        case probe
        /// Do not send; the breaker is open until then.
        case reject(until: ContinuousClock.Instant)
    }

    public let settings: Settings
    public private(set) var state: State = .closed(consecutiveFailures: 0)

    public init(settings: Settings = Settings()) { self.settings = settings }

    /// Whether a call may go now; a probe decision reserves a probe slot until its outcome is recorded.
    public mutating func decide(at now: ContinuousClock.Instant) -> Decision {
        switch state {
        case .closed:
            return .allow
        case .open(let until):
            guard now >= until else { return .reject(until: until) }
            state = .halfOpen(inFlight: 1, successes: 0)
            return .probe
        case .halfOpen(let inFlight, let successes):
            guard inFlight < settings.probesInFlight else { return .reject(until: now + .milliseconds(100)) }
            state = .halfOpen(inFlight: inFlight + 1, successes: successes)
            return .probe
        }
    }

    public mutating func recordSuccess() {
        switch state {
        case .closed:
            state = .closed(consecutiveFailures: 0)
        case .open:
            break  // a call that started before the breaker opened; it does not close it
        case .halfOpen(let inFlight, let successes):
            state = successes + 1 >= settings.probeSuccesses
                ? .closed(consecutiveFailures: 0)
                : .halfOpen(inFlight: max(0, inFlight - 1), successes: successes + 1)
        }
    }

    public mutating func recordFailure(at now: ContinuousClock.Instant) {
        switch state {
        case .closed(let failures):
            state = failures + 1 >= settings.failureThreshold ? .open(until: now + settings.openDuration) : .closed(consecutiveFailures: failures + 1)
        case .open:
            break
        case .halfOpen:
            state = .open(until: now + settings.openDuration)
        }
    }

    /// The state as a number for the metrics gauge: 0 closed, 1 half-open, 2 open.
    public var gaugeValue: Int {
        switch state {
        case .closed: 0
        case .halfOpen: 1
        case .open: 2
        }
    }
}
