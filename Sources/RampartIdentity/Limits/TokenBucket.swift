/// A token bucket: holds up to `capacity`, refills at `perSecond`. A pure value; the caller supplies the time.
public struct TokenBucket: Sendable, Hashable {
    public let capacity: Double
    public let perSecond: Double
    private(set) var level: Double
    private var updated: ContinuousClock.Instant

    public init(capacity: Double, perSecond: Double, now: ContinuousClock.Instant) {
        self.capacity = capacity
        self.perSecond = perSecond
        self.level = capacity
        self.updated = now
    }

    mutating func refill(_ now: ContinuousClock.Instant) {
        guard now > updated else { return }
        let elapsed = (now - updated) / .seconds(1)
        level = min(capacity, level + elapsed * perSecond)
        updated = now
    }

    /// How long until `amount` is available; zero when it is now; nil when it never will be (more than capacity).
    func wait(for amount: Double) -> Duration? {
        if amount > capacity { return nil }
        if level >= amount { return .zero }
        return .seconds((amount - level) / perSecond)
    }

    mutating func take(_ amount: Double) { level -= amount }

    /// Returns what was taken but not used (never above capacity).
    mutating func giveBack(_ amount: Double) { level = min(capacity, level + amount) }
}
