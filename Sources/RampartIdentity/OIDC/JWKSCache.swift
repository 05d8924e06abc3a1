import Foundation
public import RampartPolicy

/// One issuer's signing keys, fetched over HTTP(S) and cached.
///
/// Keys are refetched when older than `maximumAge`, and when a token names a `kid` the set does not hold (a key
/// rotation), but never more often than once per `minimumRefreshInterval`, so that tokens with made-up `kid`s
/// cannot turn the gateway into a flood of requests to the issuer. Concurrent refreshes share one fetch.
/// When a refresh fails, the keys already held stay in use.
public actor JWKSCache {
    public typealias Fetch = @Sendable () async throws -> [UInt8]

    let fetch: Fetch
    let maximumAge: Duration
    let minimumRefreshInterval: Duration
    let now: @Sendable () -> ContinuousClock.Instant
    private var keys: JSONWebKeySet?
    private var fetchedAt: ContinuousClock.Instant?
    private var lastAttempt: ContinuousClock.Instant?
    private var inFlight: Task<Result<JSONWebKeySet, AuthenticationFailure>, Never>?
    /// How many fetches were made (for tests and metrics).
    public private(set) var fetches = 0

    public init(maximumAge: Duration = .seconds(600), minimumRefreshInterval: Duration = .seconds(10),
                now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }, fetch: @escaping Fetch) {
        self.fetch = fetch
        self.maximumAge = maximumAge
        self.minimumRefreshInterval = minimumRefreshInterval
        self.now = now
    }

    /// The key with this id, refreshing the set if it is stale or lacks the id (within the refresh rate limit).
    public func key(id: String) async -> Result<VerificationKey, AuthenticationFailure> {
        let current = now()
        let stale = fetchedAt.map { current - $0 > maximumAge } ?? true
        if stale || keys?.keys[id] == nil, mayRefresh(at: current) {
            if case .failure(let failure) = await refresh(), keys == nil { return .failure(failure) }
        }
        guard let keys else { return .failure(AuthenticationFailure("jwks.unavailable", "no keys could be fetched yet")) }
        guard let key = keys.keys[id] else { return .failure(AuthenticationFailure("jwt.unknown_key_id", "no key '\(id.prefix(64))' in the issuer's JWKS")) }
        return .success(key)
    }

    private func mayRefresh(at instant: ContinuousClock.Instant) -> Bool {
        inFlight != nil || lastAttempt.map { instant - $0 >= minimumRefreshInterval } ?? true
    }

    private func refresh() async -> Result<JSONWebKeySet, AuthenticationFailure> {
        if let inFlight { return await inFlight.value }
        lastAttempt = now()
        fetches += 1
        let fetch = self.fetch
        let task = Task { () -> Result<JSONWebKeySet, AuthenticationFailure> in
            do {
                let bytes = try await fetch()
                return Result { () throws(AuthenticationFailure) in try JSONWebKeySet(json: bytes) }
            } catch {
                return .failure(AuthenticationFailure("jwks.unavailable", "fetching the JWKS failed"))
            }
        }
        inFlight = task
        let result = await task.value
        inFlight = nil
        if case .success(let set) = result {
            keys = set
            fetchedAt = now()
        }
        return result
    }
}
