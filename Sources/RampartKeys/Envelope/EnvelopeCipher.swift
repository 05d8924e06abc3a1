import Crypto

/// Envelope encryption: a fresh AES-256 data key per object, the object sealed with AES-256-GCM under it, and the
/// data key wrapped by each given key-encryption key. The context (tenant, owner, purpose, object id, key
/// version) and the header are the associated data: an envelope opens only as the object it was sealed for.
public struct EnvelopeCipher: Sendable {
    /// The providers that may hold the key-encryption keys, by kind.
    public var providers: [String: any KeyProvider]

    public init(providers: [any KeyProvider]) {
        self.providers = Dictionary(providers.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Seals `plaintext` under every one of `keys` (one for most tenants, two for a hybrid one); `context.keyVersion`
    /// is taken from the keys, which must agree on it.
    public func seal(_ plaintext: [UInt8], keys: [KeyReference], context: EncryptionContext) async throws(KeyError) -> [UInt8] {
        let (dataKey, header, context) = try await newDataKey(keys: keys, kind: EnvelopeHeader.envelopeKind, context: context)
        let encodedHeader = header.encoded
        do {
            let box = try AES.GCM.seal(plaintext, using: dataKey, authenticating: context.encoded + encodedHeader)
            return encodedHeader + Array(box.nonce) + Array(box.ciphertext) + Array(box.tag)
        } catch {
            throw KeyError(.malformed, "sealing \(context.objectID) failed: \(error)")
        }
    }

    /// Opens an envelope sealed for `context` (its key version is read from the envelope).
    public func open(_ envelope: [UInt8], context: EncryptionContext) async throws(KeyError) -> [UInt8] {
        let what = "the object \(context.objectID)"
        let (header, length) = try EnvelopeHeader.parse(envelope, kind: EnvelopeHeader.envelopeKind, what: what)
        var context = context
        context.keyVersion = header.keyVersion
        let dataKey = try await unwrap(header, context: context, what: what)
        let body = envelope[length...]
        guard body.count >= 28 else { throw KeyError(.malformed, "\(what) is cut short") }
        do {
            let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: body.prefix(12)), ciphertext: body.dropFirst(12).dropLast(16), tag: body.suffix(16))
            return Array(try AES.GCM.open(box, using: dataKey, authenticating: context.encoded + Array(envelope[..<length])))
        } catch {
            throw KeyError(.authenticationFailed, "\(what) does not open: altered, or sealed for another object")
        }
    }

    /// A fresh data key wrapped under every key, and the header that carries the copies.
    func newDataKey(keys: [KeyReference], kind: UInt8, context: EncryptionContext) async throws(KeyError)
        -> (SymmetricKey, EnvelopeHeader, EncryptionContext)
    {
        guard let version = keys.first?.version, keys.count <= 255, keys.allSatisfy({ $0.version == version }) else {
            throw KeyError(.malformed, "sealing needs 1 to 255 keys, all of one key version")
        }
        var context = context
        context.keyVersion = version
        let dataKey = SymmetricKey(size: .bits256)
        var copies: [WrappedDataKey] = []
        for key in keys {
            guard let provider = providers[key.provider] else { throw KeyError(.providerUnavailable, "no \(key.provider) provider is configured") }
            let wrapped = try await provider.wrap(dataKey, keyID: key.keyID, context: context)
            guard wrapped.count <= Int(UInt16.max), key.keyID.utf8.count <= Int(UInt16.max), key.provider.utf8.count <= Int(UInt16.max) else {
                throw KeyError(.malformed, "a wrapped data key or key id from \(key.provider) is too long for the envelope header")
            }
            copies.append(WrappedDataKey(provider: key.provider, keyID: key.keyID, wrapped: wrapped))
        }
        return (dataKey, EnvelopeHeader(kind: kind, keyVersion: version, copies: copies), context)
    }

    /// The data key from the first copy a configured provider can unwrap; if none can, the first copy's error.
    func unwrap(_ header: EnvelopeHeader, context: EncryptionContext, what: String) async throws(KeyError) -> SymmetricKey {
        var firstError: KeyError?
        for copy in header.copies {
            guard let provider = providers[copy.provider] else { continue }
            do {
                return try await provider.unwrap(copy.wrapped, keyID: copy.keyID, context: context)
            } catch {
                firstError = firstError ?? KeyError(error.code, "\(what): \(error.message)")
            }
        }
        throw firstError ?? KeyError(.providerUnavailable, "\(what) was sealed by \(header.copies.map(\.provider).joined(separator: ", ")), none of which is configured")
    }
}
