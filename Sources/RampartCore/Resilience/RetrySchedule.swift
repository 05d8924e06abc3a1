/// When to try a call again (an upstream model call, an AWS API call): exponential backoff with full jitter,
/// honouring `Retry-After`, bounded in attempts and in the longest wait. Pure: the random number comes in as an
/// argument.
public struct RetrySchedule: Sendable, Hashable {
    /// Attempts per deployment, the first included.
    public var maximumAttempts: Int
    public var baseDelay: Duration
    public var maximumDelay: Duration

    public init(maximumAttempts: Int = 2, baseDelay: Duration = .milliseconds(100), maximumDelay: Duration = .seconds(2)) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
    }

    /// The wait before attempt `attempt + 1` after attempt `attempt` (1-based) failed, or nil when no attempt is left
    /// or the upstream asks for a wait longer than `maximumDelay` (then the next deployment is better).
    /// `unit` is a random number in [0, 1).
    public func delay(after attempt: Int, retryAfter: Duration?, unit: Double) -> Duration? {
        guard attempt < maximumAttempts else { return nil }
        if let retryAfter {
            return retryAfter <= maximumDelay ? retryAfter : nil
        }
        let ceiling = min(maximumDelay, baseDelay * (1 << min(attempt - 1, 20)))
        return ceiling * max(0, min(unit, 1))
    }
}
