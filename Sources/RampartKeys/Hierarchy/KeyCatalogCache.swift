import Synchronization

/// The catalog's versions of each key, kept for `timeToLive` so that sealing and opening do not read the database
/// every time. This instance's own rotations, retirements and shreddings replace what it holds at once; another
/// instance's are seen within `timeToLive` (2 seconds by default, as for the identity directory).
final class KeyCatalogCache: Sendable {
    let timeToLive: Duration
    let now: @Sendable () -> ContinuousClock.Instant
    let entries = Mutex<[KeyName: (versions: [KeyVersion], expires: ContinuousClock.Instant)]>([:])

    init(timeToLive: Duration, now: @escaping @Sendable () -> ContinuousClock.Instant) {
        self.timeToLive = timeToLive
        self.now = now
    }

    func versions(_ key: KeyName) -> [KeyVersion]? {
        let at = now()
        return entries.withLock { entries in
            guard let entry = entries[key], entry.expires > at else { return nil }
            return entry.versions
        }
    }

    func store(_ versions: [KeyVersion], for key: KeyName) {
        let expires = now() + timeToLive
        entries.withLock { entries in
            if entries.count > 50_000 { entries.removeAll(keepingCapacity: true) }
            entries[key] = (versions, expires)
        }
    }

    /// Forgets an owner's keys (every purpose), or one key.
    func forget(tenant: String, owner: String, purpose: String? = nil) {
        entries.withLock { entries in
            entries = entries.filter { key, _ in !(key.tenant == tenant && key.owner == owner && (purpose.map { $0 == key.purpose } ?? true)) }
        }
    }
}
