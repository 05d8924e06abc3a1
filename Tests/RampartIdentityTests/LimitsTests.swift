import Foundation
import RampartIdentity
import Synchronization
import Testing

/// Token buckets and concurrency on an injected clock: no sleeping, no timing.
@Suite struct LimitsTests {
    final class Clock: Sendable {
        let instant = Mutex(ContinuousClock.now)
        func advance(_ d: Duration) { instant.withLock { $0 += d } }
        var now: ContinuousClock.Instant { instant.withLock { $0 } }
    }

    @Test func requestsPerMinuteRefillOverTime() {
        let clock = Clock()
        let limiter = RateLimiter(limits: [.principal: RateLimit(requestsPerMinute: 3)], now: { clock.now })
        let alice = [LimitSubject(.principal, "alice")]
        for _ in 0..<3 { #expect(throws: Never.self) { try limiter.admit(alice, tokens: 1).get() } }
        guard case .failure(let refusal) = limiter.admit(alice, tokens: 1) else { Issue.record("a fourth request passed"); return }
        #expect(refusal.limit == "requests per minute of principal 'alice' (3)")
        #expect(refusal.retryAfterSeconds == 20)
        clock.advance(.seconds(20))
        #expect(throws: Never.self) { try limiter.admit(alice, tokens: 1).get() }
        // Another principal has its own bucket.
        #expect(throws: Never.self) { try limiter.admit([LimitSubject(.principal, "bob")], tokens: 1).get() }
    }

    @Test func aTightenedRateAppliesOverTheConfiguredOneWhileItIsImposed() {
        let clock = Clock()
        let limiter = RateLimiter(limits: [.principal: RateLimit(requestsPerMinute: 100)], now: { clock.now })
        let alice = LimitSubject(.principal, "alice")
        for _ in 0..<2 { #expect(throws: Never.self) { try limiter.admit([alice], tokens: 1, tightened: [alice: 2]).get() } }
        guard case .failure(let refusal) = limiter.admit([alice], tokens: 1, tightened: [alice: 2]) else { Issue.record("a third request passed"); return }
        #expect(refusal.limit == "requests per minute of principal 'alice' (2)")
        // Lifted: the configured limit again, from its own bucket, which the tightened calls counted in another.
        for _ in 0..<100 { #expect(throws: Never.self) { try limiter.admit([alice], tokens: 1).get() } }
        #expect(throws: LimitRefusal.self) { try limiter.admit([alice], tokens: 1).get() }
        // A principal without a configured limit is limited only while tightened.
        let bob = LimitSubject(.principal, "bob")
        let open = RateLimiter(limits: [:], now: { clock.now })
        #expect(throws: Never.self) { try open.admit([bob], tokens: 1, tightened: [bob: 1]).get() }
        #expect(throws: LimitRefusal.self) { try open.admit([bob], tokens: 1, tightened: [bob: 1]).get() }
        for _ in 0..<5 { #expect(throws: Never.self) { try open.admit([bob], tokens: 1).get() } }
    }

    @Test func aRefusedCallTakesNothing() {
        let clock = Clock()
        let limiter = RateLimiter(limits: [.principal: RateLimit(requestsPerMinute: 10), .tenant: RateLimit(tokensPerMinute: 100)], now: { clock.now })
        let subjects = [LimitSubject(.principal, "alice"), LimitSubject(.tenant, "acme")]
        guard case .failure(let refusal) = limiter.admit(subjects, tokens: 150) else { Issue.record("over capacity passed"); return }
        #expect(refusal.limit.contains("this request alone needs 150"))
        // The refused call took no request from alice's bucket: ten still pass.
        for _ in 0..<10 { #expect(throws: Never.self) { try limiter.admit(subjects, tokens: 1).get() } }
    }

    @Test func concurrencyIsReleasedAndUnusedTokensReturned() throws {
        let clock = Clock()
        let limiter = RateLimiter(limits: [.workload: RateLimit(tokensPerMinute: 1000, concurrent: 2)], now: { clock.now })
        let chat = [LimitSubject(.workload, "chat")]
        let a = try limiter.admit(chat, tokens: 400).get()
        _ = try limiter.admit(chat, tokens: 400).get()
        guard case .failure(let refusal) = limiter.admit(chat, tokens: 1) else { Issue.record("a third concurrent call passed"); return }
        #expect(refusal.limit == "concurrent requests of workload 'chat' (2)")
        limiter.release(a, usedTokens: 100)
        // One slot free again, and 300 unused tokens back: 200 + 300 = 500 available.
        #expect(throws: Never.self) { try limiter.admit(chat, tokens: 500).get() }
    }

    @Test func pricesRoundUpToTheMicro() {
        let price = ModelPrice(inputMicrosPerMillionTokens: 3_000_000, outputMicrosPerMillionTokens: 15_000_000, requestMicros: 10)
        #expect(price.cost(inputTokens: 1000, outputTokens: 100) == 10 + 3000 + 1500)
        #expect(price.cost(inputTokens: 1, outputTokens: 0) == 10 + 3)
        #expect(ModelPrice(outputMicrosPerMillionTokens: .max).cost(inputTokens: 0, outputTokens: .max) > 0)
    }
}
