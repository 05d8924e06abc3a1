import Synchronization

/// Rate and concurrency limits for one subject (a principal, a workload or a tenant); nil does not limit.
public struct RateLimit: Sendable, Hashable {
    public var requestsPerMinute: Int?
    public var tokensPerMinute: Int?
    public var concurrent: Int?

    public init(requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil, concurrent: Int? = nil) {
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
        self.concurrent = concurrent
    }
}

/// The subjects a call is counted against.
public struct LimitSubject: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable { case principal, workload, tenant }
    public var kind: Kind
    public var name: String
    public init(_ kind: Kind, _ name: String) {
        self.kind = kind
        self.name = name
    }
    public var description: String { "\(kind.rawValue) '\(name)'" }
}

/// Why a call was refused, with when to come back.
public struct LimitRefusal: Error, Sendable, Hashable {
    /// Which limit, for the client: e.g. "requests per minute of principal 'alice' (60)".
    public var limit: String
    public var retryAfterSeconds: Int
}

/// Token buckets and in-flight counters for every subject, in this instance's memory.
///
/// A call takes one request and its estimated tokens from every subject's buckets, and a concurrency slot, all
/// or nothing, under one lock; `release` gives the slot back and returns tokens estimated but not used.
public final class RateLimiter: Sendable {
    public let limits: [LimitSubject.Kind: RateLimit]
    let now: @Sendable () -> ContinuousClock.Instant
    private let state = Mutex(State())

    struct BucketKey: Hashable {
        var subject: LimitSubject
        var tokens: Bool
        /// The bucket's rate: a tightened limit counts in a bucket of its own, which it leaves behind when lifted.
        var perMinute: Int
    }

    struct State {
        var buckets: [BucketKey: TokenBucket] = [:]
        var inFlight: [LimitSubject: Int] = [:]
    }

    /// What `admit` took, to be given back by `release`.
    public struct Ticket: Sendable {
        let subjects: [LimitSubject]
        let tokens: Int
    }

    public init(limits: [LimitSubject.Kind: RateLimit], now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.limits = limits
        self.now = now
    }

    /// Admits a call counted against `subjects`, or says which limit refuses it.
    /// - Parameter tightened: requests per minute imposed on some subjects for a time (the automated response's
    ///   tightening); the lower of it and the configured limit applies.
    public func admit(_ subjects: [LimitSubject], tokens: Int, tightened: [LimitSubject: Int] = [:]) -> Result<Ticket, LimitRefusal> {
        let instant = now()
        func limit(_ subject: LimitSubject) -> RateLimit? {
            guard let tighter = tightened[subject] else { return self.limits[subject.kind] }
            var limit = self.limits[subject.kind] ?? RateLimit()
            limit.requestsPerMinute = min(limit.requestsPerMinute ?? tighter, tighter)
            return limit
        }
        return state.withLock { state in
            // First check everything, then take everything: a refused call takes nothing.
            for subject in subjects {
                guard let limit = limit(subject) else { continue }
                if let maximum = limit.concurrent, state.inFlight[subject, default: 0] >= maximum {
                    return .failure(LimitRefusal(limit: "concurrent requests of \(subject) (\(maximum))", retryAfterSeconds: 1))
                }
                for (perMinute, isTokens, amount) in [(limit.requestsPerMinute, false, 1), (limit.tokensPerMinute, true, tokens)] {
                    guard let perMinute else { continue }
                    let key = BucketKey(subject: subject, tokens: isTokens, perMinute: perMinute)
                    var bucket = state.buckets[key] ?? TokenBucket(capacity: Double(perMinute), perSecond: Double(perMinute) / 60, now: instant)
                    bucket.refill(instant)
                    state.buckets[key] = bucket
                    let what = isTokens ? "tokens per minute" : "requests per minute"
                    guard let wait = bucket.wait(for: Double(amount)) else {
                        return .failure(LimitRefusal(limit: "\(what) of \(subject) (\(perMinute)); this request alone needs \(amount)",
                                                     retryAfterSeconds: 60))
                    }
                    if wait > .zero {
                        let seconds = max(1, Int((wait / .seconds(1)).rounded(.up)))
                        return .failure(LimitRefusal(limit: "\(what) of \(subject) (\(perMinute))", retryAfterSeconds: seconds))
                    }
                }
            }
            for subject in subjects {
                guard let limit = limit(subject) else { continue }
                if limit.concurrent != nil { state.inFlight[subject, default: 0] += 1 }
                if let rate = limit.requestsPerMinute { state.buckets[BucketKey(subject: subject, tokens: false, perMinute: rate)]?.take(1) }
                if let rate = limit.tokensPerMinute { state.buckets[BucketKey(subject: subject, tokens: true, perMinute: rate)]?.take(Double(tokens)) }
            }
            return .success(Ticket(subjects: subjects, tokens: tokens))
        }
    }

    /// Ends an admitted call: frees its concurrency slots and returns estimated tokens it did not use.
    public func release(_ ticket: Ticket, usedTokens: Int?) {
        let unused = max(0, ticket.tokens - (usedTokens ?? ticket.tokens))
        state.withLock { state in
            for subject in ticket.subjects {
                guard let limit = limits[subject.kind] else { continue }
                if limit.concurrent != nil {
                    let count = state.inFlight[subject, default: 1] - 1
                    state.inFlight[subject] = count > 0 ? count : nil
                }
                if unused > 0, let rate = limit.tokensPerMinute { state.buckets[BucketKey(subject: subject, tokens: true, perMinute: rate)]?.giveBack(Double(unused)) }
            }
        }
    }
}
