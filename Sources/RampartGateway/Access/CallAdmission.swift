/// Limits a call before it goes upstream (rate, tokens, concurrency, spend) and settles them when it ends.
public protocol CallAdmission: Sendable {
    /// Admits the call or throws the 429 the caller gets, naming the limit, with `Retry-After`.
    func admit(_ call: ModelCall) async throws(GatewayError) -> Admitted
}

/// An admitted call; `finish` must be called once when it ends, with its usage (nil: it produced nothing).
public struct Admitted: Sendable {
    public var finish: @Sendable (TokenUsage?) async -> Void

    public init(finish: @escaping @Sendable (TokenUsage?) async -> Void) { self.finish = finish }
}
