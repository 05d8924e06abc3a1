import Crypto
import Synchronization

/// Data keys kept in memory for a while, so that not every object costs a provider call (a KMS round trip, an HSM
/// operation). For sealing, one data key (and its wrapped copies) serves up to `maximumUses` objects of one key
/// version or `timeToLive`, whichever ends first: "a fresh data key per object or batch". For opening, an unwrapped
/// data key is kept under the digest of its header and wrapping context, so only the same copies, for the same key
/// and version, find it. Access checks and the catalog are consulted before the cache on every call; shredding and
/// retiring drop what the cache holds for the key at once.
///
/// Artifacts never take a cached key: each file gets its own.
public final class DataKeyCache: Sendable {
    public let maximumUses: Int
    public let timeToLive: Duration
    public let capacity: Int
    let now: @Sendable () -> ContinuousClock.Instant
    let state = Mutex(State())

    struct Slot: Hashable {
        var context: EncryptionContext
        var keys: [KeyReference]
    }

    struct Sealing {
        var key: DataKey
        var header: EnvelopeHeader
        var uses: Int
        var expires: ContinuousClock.Instant
    }

    struct Opening {
        var key: DataKey
        var context: EncryptionContext
        var expires: ContinuousClock.Instant
    }

    struct State {
        var sealing: [Slot: Sealing] = [:]
        var opening: [SHA256.Digest: Opening] = [:]
    }

    /// - Parameters:
    ///   - maximumUses: objects sealed under one data key at most (random 96-bit nonces stay far from collisions).
    ///   - timeToLive: how long a data key is kept, for sealing and for opening.
    ///   - capacity: unwrapped data keys kept for opening at most.
    public init(maximumUses: Int = 1 << 16, timeToLive: Duration = .seconds(300), capacity: Int = 10_000,
                now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.maximumUses = maximumUses
        self.timeToLive = timeToLive
        self.capacity = capacity
        self.now = now
    }

    /// A data key to seal one more object with, if one is cached for these keys and this wrapping context.
    func sealing(_ keys: [KeyReference], context: EncryptionContext) -> (DataKey, EnvelopeHeader)? {
        let at = now()
        return state.withLock { state in
            let slot = Slot(context: context, keys: keys)
            guard var entry = state.sealing[slot] else { return nil }
            guard entry.expires > at, entry.uses < maximumUses else {
                state.sealing[slot] = nil
                return nil
            }
            entry.uses += 1
            state.sealing[slot] = entry
            return (entry.key, entry.header)
        }
    }

    func storeSealing(_ key: DataKey, header: EnvelopeHeader, keys: [KeyReference], context: EncryptionContext) {
        let expires = now() + timeToLive
        state.withLock { $0.sealing[Slot(context: context, keys: keys)] = Sealing(key: key, header: header, uses: 1, expires: expires) }
    }

    static func digest(_ header: EnvelopeHeader, _ context: EncryptionContext) -> SHA256.Digest {
        var hash = SHA256()
        hash.update(data: context.encoded)
        hash.update(data: header.encoded)
        return hash.finalize()
    }

    /// The data key of a header already unwrapped in this wrapping context.
    func opening(_ header: EnvelopeHeader, context: EncryptionContext) -> DataKey? {
        let digest = Self.digest(header, context)
        let at = now()
        return state.withLock { state in
            guard let entry = state.opening[digest] else { return nil }
            guard entry.expires > at else {
                state.opening[digest] = nil
                return nil
            }
            return entry.key
        }
    }

    func storeOpening(_ key: DataKey, header: EnvelopeHeader, context: EncryptionContext) {
        let digest = Self.digest(header, context)
        let at = now()
        state.withLock { state in
            if state.opening.count >= capacity {
                state.opening = state.opening.filter { $0.value.expires > at }
                if state.opening.count >= capacity { state.opening.removeAll(keepingCapacity: true) }
            }
            state.opening[digest] = Opening(key: key, context: context, expires: at + timeToLive)
        }
    }

    /// Drops every data key of an owner's keys (all purposes and versions), or of one purpose.
    public func forget(tenant: String, owner: String, purpose: String? = nil) {
        func matches(_ context: EncryptionContext) -> Bool {
            context.tenant == tenant && context.owner == owner && (purpose.map { $0 == context.purpose } ?? true)
        }
        state.withLock { state in
            state.sealing = state.sealing.filter { !matches($0.key.context) }
            state.opening = state.opening.filter { !matches($0.value.context) }
        }
    }

    /// How many data keys are held, for sealing and for opening.
    public var counts: (sealing: Int, opening: Int) { state.withLock { ($0.sealing.count, $0.opening.count) } }
}
