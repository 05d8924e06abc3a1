import Crypto
import Foundation
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
        /// The header's bytes, encoded once.
        var encoded: [UInt8]
        /// A random 96-bit value; each use's nonce is it with the use count added to its last 64 bits, so no two
        /// objects under one data key share a nonce (and no random-number call per seal).
        var nonceBase: [UInt8]
        var uses: Int
        var expires: ContinuousClock.Instant
    }

    /// What sealing one more object under a cached data key needs.
    struct SealingKey {
        var key: DataKey
        var header: EnvelopeHeader
        var encoded: [UInt8]
        var nonce: [UInt8]
    }

    static func nonce(_ base: [UInt8], _ use: Int) -> [UInt8] {
        var nonce = base
        var carry = UInt64(use)
        for i in stride(from: 11, through: 4, by: -1) {
            let sum = UInt64(nonce[i]) + (carry & 0xFF)
            nonce[i] = UInt8(truncatingIfNeeded: sum)
            carry = (carry >> 8) + (sum >> 8)
        }
        return nonce
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
    ///   - maximumUses: objects sealed under one data key at most (far below what AES-GCM allows under one key).
    ///   - timeToLive: how long a data key is kept, for sealing and for opening.
    ///   - capacity: unwrapped data keys kept for opening at most.
    public init(maximumUses: Int = 1 << 16, timeToLive: Duration = .seconds(300), capacity: Int = 10_000,
                now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.maximumUses = maximumUses
        self.timeToLive = timeToLive
        self.capacity = capacity
        self.now = now
    }

    /// A data key to seal one more object with, and that object's nonce, if one is cached for these keys and this
    /// wrapping context.
    func sealing(_ keys: [KeyReference], context: EncryptionContext) -> SealingKey? {
        let at = now()
        let slot = Slot(context: context, keys: keys)
        return state.withLock { state in
            guard let entry = state.sealing[slot], entry.expires > at, entry.uses < maximumUses else {
                state.sealing[slot] = nil
                return nil
            }
            state.sealing[slot]!.uses += 1
            return SealingKey(key: entry.key, header: entry.header, encoded: entry.encoded, nonce: Self.nonce(entry.nonceBase, entry.uses))
        }
    }

    /// Caches a fresh data key for sealing; returns the first object's sealing key.
    func storeSealing(_ key: DataKey, header: EnvelopeHeader, keys: [KeyReference], context: EncryptionContext) -> SealingKey {
        let expires = now() + timeToLive
        let base = (0..<12).map { _ in UInt8.random(in: 0...255) }
        let encoded = header.encoded
        state.withLock { $0.sealing[Slot(context: context, keys: keys)] = Sealing(key: key, header: header, encoded: encoded, nonceBase: base, uses: 1,
                                                                                   expires: expires) }
        return SealingKey(key: key, header: header, encoded: encoded, nonce: base)
    }

    /// The digest a header's data key is kept under: of the wrapping context and the header's bytes as stored.
    static func digest(_ header: some DataProtocol, _ context: EncryptionContext) -> SHA256.Digest {
        var hash = SHA256()
        hash.update(data: context.encoded)
        hash.update(data: header)
        return hash.finalize()
    }

    /// The data key of a header (its bytes as stored) already unwrapped in this wrapping context.
    func opening(_ header: some DataProtocol, context: EncryptionContext) -> DataKey? {
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

    func storeOpening(_ key: DataKey, header: some DataProtocol, context: EncryptionContext) {
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
