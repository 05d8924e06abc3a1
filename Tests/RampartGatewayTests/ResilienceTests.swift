import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import RampartCore
import RampartGateway
import Synchronization
import Testing

@Suite struct ResilienceStateMachineTests {
    @Test func theBreakerOpensHalfOpensAndCloses() {
        var breaker = CircuitBreakerStateMachine(settings: .init(failureThreshold: 2, openDuration: .seconds(10), probesInFlight: 1, probeSuccesses: 2))
        let t0 = ContinuousClock.now
        #expect(breaker.decide(at: t0) == .allow)
        breaker.recordFailure(at: t0)
        #expect(breaker.state == .closed(consecutiveFailures: 1))
        breaker.recordSuccess()
        #expect(breaker.state == .closed(consecutiveFailures: 0))  // failures must be consecutive
        breaker.recordFailure(at: t0)
        breaker.recordFailure(at: t0)
        #expect(breaker.state == .open(until: t0 + .seconds(10)))
        #expect(breaker.decide(at: t0 + .seconds(9)) == .reject(until: t0 + .seconds(10)))
        #expect(breaker.decide(at: t0 + .seconds(10)) == .probe)
        #expect(breaker.decide(at: t0 + .seconds(10)) == .reject(until: t0 + .seconds(10) + .milliseconds(100)))  // one probe at a time
        breaker.recordSuccess()
        #expect(breaker.state == .halfOpen(inFlight: 0, successes: 1))
        #expect(breaker.decide(at: t0 + .seconds(11)) == .probe)
        breaker.recordSuccess()
        #expect(breaker.state == .closed(consecutiveFailures: 0))
    }

    @Test func aFailedProbeOpensTheBreakerAgain() {
        var breaker = CircuitBreakerStateMachine(settings: .init(failureThreshold: 1, openDuration: .seconds(5)))
        let t0 = ContinuousClock.now
        breaker.recordFailure(at: t0)
        #expect(breaker.decide(at: t0 + .seconds(5)) == .probe)
        breaker.recordFailure(at: t0 + .seconds(5))
        #expect(breaker.state == .open(until: t0 + .seconds(10)))
        #expect(breaker.gaugeValue == 2)
    }

    @Test(arguments: [
        (1, nil as Duration?, 0.5, .milliseconds(50) as Duration?),
        (2, nil, 0.5, .milliseconds(100)),
        (3, nil, 1.0, .milliseconds(400)),
        (5, nil, 0.75, .milliseconds(1200)),
        (9, nil, 0.5, nil),                       // no attempt left
        (1, .seconds(1), 0.5, .seconds(1)),       // Retry-After honoured exactly
        (1, .seconds(60), 0.5, nil),              // too long: better to fall back
        (1, nil, 0.0, .zero),
    ])
    func theScheduleBacksOffWithFullJitter(attempt: Int, retryAfter: Duration?, unit: Double, expected: Duration?) {
        let schedule = RetrySchedule(maximumAttempts: 6, baseDelay: .milliseconds(100), maximumDelay: .milliseconds(1600))
        #expect(schedule.delay(after: attempt, retryAfter: retryAfter, unit: unit) == expected)
    }
}

/// The time the circuit breakers read: it moves only when a test moves it, so a slow machine cannot close a breaker early.
final class BreakerClock: Sendable {
    private let instant = Mutex(ContinuousClock.now)
    var now: ContinuousClock.Instant { instant.withLock { $0 } }
    func advance(by duration: Duration) { instant.withLock { $0 += duration } }
}

/// The waits the pipeline asked for, instead of waiting.
actor Sleeps {
    private(set) var all: [Duration] = []
    func add(_ duration: Duration) { all.append(duration) }
}

@Suite struct FaultTests {
    /// Runs `body` with the faulty upstream live and a gateway in front of it.
    func withGateway(
        _ deployments: @escaping @Sendable (String) -> [Deployment], retry: RetrySchedule = RetrySchedule(maximumAttempts: 2),
        breaker: CircuitBreakerStateMachine.Settings = .init(), sleeps: Sleeps = Sleeps(), clock: BreakerClock = BreakerClock(),
        _ body: @Sendable (any TestClientProtocol, FaultyUpstreamState, GatewayMetrics) async throws -> Void
    ) async throws {
        let state = FaultyUpstreamState()
        try await FaultyUpstream.application(state).test(.live) { upstream in
            let url = "http://127.0.0.1:\(upstream.port!)/v1"
            let metrics = GatewayMetrics()
            var pipeline = try TestGateway.pipeline(deployments(url), metrics: metrics)
            pipeline.retry = retry
            pipeline.breakers = CircuitBreakers(settings: breaker, metrics: metrics, now: { clock.now })
            pipeline.random = { 0.5 }
            pipeline.sleep = { duration in await sleeps.add(duration) }
            try await TestGateway.application(pipeline).test(.router) { client in try await body(client, state, metrics) }
        }
    }

    func faulty(_ model: String, _ url: String, timeout: Duration = .seconds(10)) -> Deployment {
        var deployment = TestGateway.upstream(model, url: url, model: model)
        deployment.totalTimeout = timeout
        deployment.idleTimeout = timeout
        return deployment
    }

    @Test func a500BurstIsRetriedThenFallsBack() async throws {
        let sleeps = Sleeps()
        try await withGateway({ [faulty("status-500", $0), TestGateway.simulator("sim")] }, sleeps: sleeps) { client, state, _ in
            try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat()) { response in
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("x-rampart-upstream")!] == "sim")
            }
            #expect(await state.count("status-500") == 2)
        }
        #expect(await sleeps.all == [.milliseconds(50)])
    }

    @Test func a429IsRetriedAfterTheWaitItAsksFor() async throws {
        let sleeps = Sleeps()
        try await withGateway({ [faulty("status-429", $0)] }, retry: RetrySchedule(maximumAttempts: 2, maximumDelay: .seconds(2)), sleeps: sleeps) { client, state, _ in
            try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat()) { response in
                #expect(response.status == .badGateway)
                #expect(TestGateway.errorCode(response.body) == "upstream_unavailable")
            }
            #expect(await state.count("status-429") == 2)
        }
        #expect(await sleeps.all == [.seconds(1)])
    }

    @Test func aBadRequestIsNeitherRetriedNorFallenBackFrom() async throws {
        try await withGateway({ [faulty("status-400", $0), TestGateway.simulator("sim")] }) { client, state, _ in
            try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat()) { response in
                #expect(response.status == .badRequest)
                #expect(TestGateway.errorCode(response.body) == "upstream_rejected")
            }
            #expect(await state.count("status-400") == 1)
        }
    }

    @Test func malformedJSONFallsBack() async throws {
        try await withGateway({ [faulty("malformed", $0), TestGateway.simulator("sim")] }) { client, _, metrics in
            try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat()) { response in
                #expect(response.headers[HTTPField.Name("x-rampart-upstream")!] == "sim")
            }
            #expect(metrics.text().contains(#"rampart_upstream_errors_total{deployment="malformed",kind="malformed"}"#))
        }
    }

    @Test func aTruncatedStreamEndsWithAnErrorEventAndNoDone() async throws {
        try await withGateway({ [faulty("truncated", $0)] }) { client, _, _ in
            try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat(stream: true)) { response in
                let events = TestGateway.events(String(buffer: response.body))
                #expect(!events.contains("[DONE]"))
                #expect(events.last?.contains("upstream_stream_broken") == true)
                #expect(events.contains { $0.contains("part ") })
            }
        }
    }

    @Test func aSlowFirstByteTimesOutInTime() async throws {
        try await withGateway({ [faulty("slow", $0, timeout: .seconds(1))] }, retry: RetrySchedule(maximumAttempts: 1)) { client, _, _ in
            let started = ContinuousClock.now
            try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat()) { response in
                #expect(response.status == .gatewayTimeout)
                #expect(TestGateway.errorCode(response.body) == "upstream_timeout")
            }
            // The deployment's 1 s timeout, not the upstream's 6 s, ends it (with room for a loaded machine).
            #expect(ContinuousClock.now - started < .milliseconds(4500))
        }
    }

    @Test func aStallMidStreamIsCutAtTheDeploymentTimeout() async throws {
        try await withGateway({ [faulty("stall", $0, timeout: .seconds(1))] }) { client, _, _ in
            let started = ContinuousClock.now
            try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat(stream: true)) { response in
                let events = TestGateway.events(String(buffer: response.body))
                #expect(!events.contains("[DONE]"))
                #expect(events.last?.contains("upstream_stream_broken") == true)
            }
            // The deployment's 1 s timeout, not the upstream's 6 s, ends it (with room for a loaded machine).
            #expect(ContinuousClock.now - started < .milliseconds(4500))
        }
    }

    @Test func theBreakerOpensThenRecoversThroughProbes() async throws {
        let clock = BreakerClock()
        try await withGateway(
            { [faulty("flaky", $0)] }, retry: RetrySchedule(maximumAttempts: 1),
            breaker: .init(failureThreshold: 2, openDuration: .milliseconds(300), probesInFlight: 1, probeSuccesses: 2), clock: clock
        ) { client, state, metrics in
            for _ in 0..<2 {
                try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat()) { #expect($0.status == .badGateway) }
            }
            try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat()) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(TestGateway.errorCode(response.body) == "upstream_circuit_open")
                #expect(response.headers[.retryAfter] == "1")
            }
            #expect(await state.count("flaky") == 2)  // the open breaker kept the third call off the upstream
            #expect(metrics.text().contains(#"rampart_breaker_state{deployment="flaky"} 2"#))
            await state.recover()
            clock.advance(by: .milliseconds(299))
            try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat()) {
                #expect($0.status == .serviceUnavailable)  // still open, however slow the machine
            }
            clock.advance(by: .milliseconds(1))
            for _ in 0..<2 {
                try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat()) { #expect($0.status == .ok) }
            }
            #expect(metrics.text().contains(#"rampart_breaker_state{deployment="flaky"} 0"#))
        }
    }
}
