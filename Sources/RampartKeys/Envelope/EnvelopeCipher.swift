import Crypto

/// Envelope encryption: a data key per object or batch (see ``DataKeyCache``), the object sealed with AES-256-GCM
/// under a key derived from it, and the data key wrapped by each given key-encryption key. The payload is bound to
/// the object's context (tenant, owner, purpose, object id) and to the header's commitment; each wrapped copy is bound
/// to the key's context and version. An envelope opens only as the object it was sealed for, and a rewrap replaces
/// the copies without touching the payload.
public struct EnvelopeCipher: Sendable {
    /// The providers that may hold the key-encryption keys, by kind.
    public var providers: [String: any KeyProvider]
    /// Data keys kept for reuse; nil: every seal and open calls the providers.
    public var cache: DataKeyCache?

    public init(providers: [any KeyProvider], cache: DataKeyCache? = nil) {
        self.providers = Dictionary(providers.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
        self.cache = cache
    }

    /// Seals `plaintext` under every one of `keys` (one for most tenants, two for a hybrid one), which must all be
    /// of one key version. `context` names the object.
    public func seal(_ plaintext: [UInt8], keys: [KeyReference], context: EncryptionContext) async throws(KeyError) -> [UInt8] {
        let sealing = try await sealingKey(keys: keys, context: context)
        do {
            let box = try AES.GCM.seal(plaintext, using: sealing.key.payloadKey, nonce: AES.GCM.Nonce(data: sealing.nonce),
                                       authenticating: context.payload.encoded + sealing.header.bound)
            var envelope = sealing.encoded
            envelope.reserveCapacity(sealing.encoded.count + 28 + plaintext.count)
            envelope += sealing.nonce
            envelope += box.ciphertext
            envelope += box.tag
            return envelope
        } catch {
            throw KeyError(.malformed, "sealing \(context.what) failed: \(error)")
        }
    }

    /// Opens an envelope sealed for `context` (its key version is read from the envelope).
    public func open(_ envelope: [UInt8], context: EncryptionContext) async throws(KeyError) -> [UInt8] {
        let what = context.what
        let (header, length) = try EnvelopeHeader.parse(envelope, kind: EnvelopeHeader.envelopeKind, what: what)
        let dataKey = try await unwrap(header, stored: envelope[..<length], context: context, what: what)
        let body = envelope[length...]
        guard body.count >= 28 else { throw KeyError(.malformed, "\(what) is cut short") }
        do {
            let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: body.prefix(12)), ciphertext: body.dropFirst(12).dropLast(16), tag: body.suffix(16))
            return Array(try AES.GCM.open(box, using: dataKey.payloadKey, authenticating: context.payload.encoded + header.bound))
        } catch {
            throw KeyError(.authenticationFailed, "\(what) does not open: altered, or sealed for another object")
        }
    }

    /// The envelope with its data key rewrapped under `keys` (a newer version of the same key); the payload is
    /// unchanged and the data key never leaves the providers' hands for longer than the call.
    public func rewrap(_ envelope: [UInt8], to keys: [KeyReference], context: EncryptionContext) async throws(KeyError) -> [UInt8] {
        let (header, length) = try EnvelopeHeader.parse(envelope, kind: EnvelopeHeader.envelopeKind, what: context.what)
        return try await rewrap(header, to: keys, context: context).encoded + envelope[length...]
    }

    /// A header whose data key is wrapped under `keys` instead.
    func rewrap(_ header: EnvelopeHeader, to keys: [KeyReference], context: EncryptionContext) async throws(KeyError) -> EnvelopeHeader {
        let dataKey = try await unwrap(header, context: context, what: context.what)
        let (version, wrapping) = try Self.version(of: keys, context: context)
        return EnvelopeHeader(kind: header.kind, keyVersion: version, commitment: dataKey.commitment,
                              copies: try await wrap(dataKey, under: keys, context: wrapping))
    }

    /// A data key and nonce for one more envelope: from the cache when it holds one for these keys, else fresh.
    func sealingKey(keys: [KeyReference], context: EncryptionContext) async throws(KeyError) -> DataKeyCache.SealingKey {
        let (_, wrapping) = try Self.version(of: keys, context: context)
        if let cached = cache?.sealing(keys, context: wrapping) { return cached }
        let (dataKey, header) = try await newDataKey(keys: keys, kind: EnvelopeHeader.envelopeKind, context: context)
        if let cache { return cache.storeSealing(dataKey, header: header, keys: keys, context: wrapping) }
        return DataKeyCache.SealingKey(key: dataKey, header: header, encoded: header.encoded, nonce: (0..<12).map { _ in UInt8.random(in: 0...255) })
    }

    /// A fresh data key wrapped under every key, and the header that carries the copies.
    func newDataKey(keys: [KeyReference], kind: UInt8, context: EncryptionContext) async throws(KeyError) -> (DataKey, EnvelopeHeader) {
        let (version, wrapping) = try Self.version(of: keys, context: context)
        let dataKey = DataKey.fresh()
        return (dataKey, EnvelopeHeader(kind: kind, keyVersion: version, commitment: dataKey.commitment,
                                        copies: try await wrap(dataKey, under: keys, context: wrapping)))
    }

    static func version(of keys: [KeyReference], context: EncryptionContext) throws(KeyError) -> (Int, EncryptionContext) {
        guard let version = keys.first?.version, keys.count <= 255, keys.allSatisfy({ $0.version == version }) else {
            throw KeyError(.malformed, "sealing needs 1 to 255 keys, all of one key version")
        }
        return (version, context.wrapping(version: version))
    }

    func wrap(_ dataKey: DataKey, under keys: [KeyReference], context: EncryptionContext) async throws(KeyError) -> [WrappedDataKey] {
        var copies: [WrappedDataKey] = []
        for key in keys {
            guard let provider = providers[key.provider] else { throw KeyError(.providerUnavailable, "no \(key.provider) provider is configured") }
            let wrapped = try await provider.wrap(dataKey.material, keyID: key.keyID, context: context)
            guard wrapped.count <= Int(UInt16.max), key.keyID.utf8.count <= Int(UInt16.max), key.provider.utf8.count <= Int(UInt16.max) else {
                throw KeyError(.malformed, "a wrapped data key or key id from \(key.provider) is too long for the envelope header")
            }
            copies.append(WrappedDataKey(provider: key.provider, keyID: key.keyID, wrapped: wrapped))
        }
        return copies
    }

    /// The data key from the first copy a configured provider can unwrap, checked against the header's commitment;
    /// if none can, the first copy's error.
    func unwrap(_ header: EnvelopeHeader, stored: ArraySlice<UInt8>? = nil, context: EncryptionContext, what: String) async throws(KeyError) -> DataKey {
        let wrapping = context.wrapping(version: header.keyVersion)
        let stored = stored ?? header.encoded[...]
        if let cached = cache?.opening(stored, context: wrapping) { return cached }
        var firstError: KeyError?
        for copy in header.copies {
            guard let provider = providers[copy.provider] else { continue }
            let dataKey: DataKey
            do {
                dataKey = DataKey(try await provider.unwrap(copy.wrapped, keyID: copy.keyID, context: wrapping))
            } catch {
                firstError = firstError ?? KeyError(error.code, "\(what): \(error.message)")
                continue
            }
            guard dataKey.matches(header.commitment) else {
                throw KeyError(.authenticationFailed, "\(what): the data key wrapped by \(copy.provider) is not the one the envelope commits to")
            }
            cache?.storeOpening(dataKey, header: stored, context: wrapping)
            return dataKey
        }
        throw firstError ?? KeyError(.providerUnavailable, "\(what) was sealed by \(header.copies.map(\.provider).joined(separator: ", ")), none of which is configured")
    }
}
