import Synchronization

/// A small map whose entries expire after a fixed time, bounded in size. It is how long a revocation may take
/// to reach this instance, so the time-to-live is short (seconds) and documented.
final class ExpiringCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let entries = Mutex<[Key: (value: Value, until: ContinuousClock.Instant)]>([:])
    let timeToLive: Duration
    let capacity: Int
    let now: @Sendable () -> ContinuousClock.Instant

    init(timeToLive: Duration, capacity: Int = 50_000, now: @escaping @Sendable () -> ContinuousClock.Instant) {
        self.timeToLive = timeToLive
        self.capacity = capacity
        self.now = now
    }

    /// The cached value, or nil when absent or expired (an expired entry is dropped).
    func value(for key: Key) -> Value? {
        let instant = now()
        return entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard instant < entry.until else {
                entries[key] = nil
                return nil
            }
            return entry.value
        }
    }

    func store(_ value: Value, for key: Key) {
        let until = now() + timeToLive
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = (value, until)
        }
    }

    func removeAll() { entries.withLock { $0.removeAll() } }
}
