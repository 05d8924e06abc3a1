import Foundation
public import RampartCore

/// Rampart's keys: for each tenant, owner (`tenant`, `workload:NAME`, `model:NAME`, `subject:ID`) and purpose, a
/// versioned key-encryption key held by the tenant's providers (two for a hybrid tenant), under which fresh data keys
/// are wrapped per object. New versions seal; older ones open until retired; destroyed ones open nothing.
public struct KeyHierarchy: Sendable {
    public let catalog: KeyCatalog
    public let cipher: EnvelopeCipher
    /// The providers each tenant's keys are made in; tenants not listed use `defaultProviders`.
    public var tenantProviders: [String: [String]]
    public var defaultProviders: [String]
    public var rotationDays: Int
    public var clock: WallClock
    /// Where key-usage events go (the audit log; by default nowhere).
    public var usage: @Sendable (KeyUsageEvent) -> Void = { _ in }

    public init(catalog: KeyCatalog, providers: [any KeyProvider], tenantProviders: [String: [String]] = [:], defaultProviders: [String],
                rotationDays: Int = 90, clock: WallClock = .system) {
        self.catalog = catalog
        self.cipher = EnvelopeCipher(providers: providers)
        self.tenantProviders = tenantProviders
        self.defaultProviders = defaultProviders
        self.rotationDays = rotationDays
        self.clock = clock
    }

    /// The keys to seal under now: the newest usable version, made (as version 1) if there is none.
    public func sealingKeys(tenant: String, owner: String, purpose: String) async throws(KeyError) -> [KeyReference] {
        let versions = try await catalog.versions(tenant: tenant, owner: owner, purpose: purpose)
        if versions.contains(where: { $0.destroyed != nil }) {
            throw KeyError(.keyDestroyed, "the keys of \(owner) in \(tenant) were destroyed; nothing more is sealed for it")
        }
        if let current = versions.last(where: { $0.retired == nil }) { return current.copies }
        return try await rotate(tenant: tenant, owner: owner, purpose: purpose).copies
    }

    /// Makes the next version in every provider of the tenant; it seals from now on.
    @discardableResult
    public func rotate(tenant: String, owner: String, purpose: String) async throws(KeyError) -> KeyVersion {
        for _ in 0..<3 {
            let versions = try await catalog.versions(tenant: tenant, owner: owner, purpose: purpose)
            let number = (versions.last?.version ?? 0) + 1
            var copies: [KeyReference] = []
            for kind in tenantProviders[tenant] ?? defaultProviders {
                guard let provider = cipher.providers[kind] else { throw KeyError(.providerUnavailable, "no \(kind) provider is configured for \(tenant)") }
                copies.append(KeyReference(provider: kind, keyID: try await provider.createKey(label: "\(tenant)/\(owner)/\(purpose)/v\(number)"), version: number))
            }
            let version = KeyVersion(tenant: tenant, owner: owner, purpose: purpose, version: number, copies: copies, rotationDays: rotationDays,
                                     created: clock.now)
            if try await catalog.insert(version) {
                report(.rotate, tenant, owner, purpose, number, nil, .success)
                return version
            }
            // Another instance made this version first: discard ours and use theirs.
            for copy in copies { try? await cipher.providers[copy.provider]?.destroyKey(copy.keyID) }
            if let theirs = try await catalog.versions(tenant: tenant, owner: owner, purpose: purpose).last { return theirs }
        }
        throw KeyError(.storage, "the next version of \(tenant)/\(owner)/\(purpose) could not be recorded")
    }

    /// Seals an object under the owner's current key.
    public func seal(_ plaintext: [UInt8], tenant: String, owner: String, purpose: String, objectID: String) async throws(KeyError) -> [UInt8] {
        var version: Int?
        do {
            let keys = try await sealingKeys(tenant: tenant, owner: owner, purpose: purpose)
            version = keys.first?.version
            let sealed = try await cipher.seal(plaintext, keys: keys, context: EncryptionContext(tenant: tenant, owner: owner, purpose: purpose, objectID: objectID, keyVersion: 0))
            report(.seal, tenant, owner, purpose, version, objectID, .success)
            return sealed
        } catch {
            report(.seal, tenant, owner, purpose, version, objectID, .failure(error.code))
            throw error
        }
    }

    func report(_ operation: KeyUsageEvent.Operation, _ tenant: String, _ owner: String, _ purpose: String?, _ version: Int?, _ objectID: String?,
                _ outcome: KeyUsageEvent.Outcome) {
        usage(KeyUsageEvent(operation: operation, tenant: tenant, owner: owner, purpose: purpose, version: version, objectID: objectID,
                            outcome: outcome, at: clock.now))
    }

    /// Opens an object; a retired version is refused by name (its data must be rewrapped first), a destroyed one
    /// answers `keyDestroyed`.
    public func open(_ envelope: [UInt8], tenant: String, owner: String, purpose: String, objectID: String) async throws(KeyError) -> [UInt8] {
        let what = "the object \(objectID)"
        var version: Int?
        do {
            let (header, _) = try EnvelopeHeader.parse(envelope, kind: EnvelopeHeader.envelopeKind, what: what)
            version = header.keyVersion
            try await check(tenant: tenant, owner: owner, purpose: purpose, version: header.keyVersion, what: what)
            let opened = try await cipher.open(envelope, context: EncryptionContext(tenant: tenant, owner: owner, purpose: purpose, objectID: objectID, keyVersion: 0))
            report(.open, tenant, owner, purpose, version, objectID, .success)
            return opened
        } catch {
            report(.open, tenant, owner, purpose, version, objectID, .failure(error.code))
            throw error
        }
    }

    func check(tenant: String, owner: String, purpose: String, version: Int, what: String) async throws(KeyError) {
        guard let recorded = try await catalog.versions(tenant: tenant, owner: owner, purpose: purpose).first(where: { $0.version == version }) else {
            throw KeyError(.keyNotFound, "\(what) was sealed under version \(version) of \(tenant)/\(owner)/\(purpose), which the catalog does not know")
        }
        if recorded.destroyed != nil { throw KeyError(.keyDestroyed, "\(what): the keys of \(owner) were destroyed") }
        if recorded.retired != nil { throw KeyError(.keyRetired, "\(what) is under retired version \(version) of \(tenant)/\(owner)/\(purpose)") }
    }

    /// Retires a version: it opens nothing more (rewrap its data first).
    public func retire(tenant: String, owner: String, purpose: String, version: Int) async throws(KeyError) {
        try await catalog.mark(.retired, at: clock.now, tenant: tenant, owner: owner, purpose: purpose, version: version)
        report(.retire, tenant, owner, purpose, version, nil, .success)
    }

    /// Crypto-shredding: destroys every version of the owner's keys, for every purpose, in every provider holding
    /// one, and records it. What was sealed for the owner answers `keyDestroyed` from then on.
    /// - Returns: the number of provider keys destroyed.
    @discardableResult
    public func shred(tenant: String, owner: String) async throws(KeyError) -> Int {
        var destroyed = 0
        for version in try await catalog.versions(tenant: tenant, owner: owner) where version.destroyed == nil {
            for copy in version.copies {
                guard let provider = cipher.providers[copy.provider] else {
                    throw KeyError(.providerUnavailable, "\(copy.provider) holds a key of \(owner) but is not configured; nothing was marked destroyed")
                }
                do {
                    try await provider.destroyKey(copy.keyID)
                } catch where error.code == .keyDestroyed {
                    // destroyed before (an interrupted shred); carry on
                }
                destroyed += 1
            }
        }
        try await catalog.mark(.destroyed, at: clock.now, tenant: tenant, owner: owner)
        report(.shred, tenant, owner, nil, nil, nil, .success)
        return destroyed
    }

    /// Rotates every key in use past its rotation period; returns the new versions.
    public func rotateOverdue() async throws(KeyError) -> [KeyVersion] {
        let now = clock.now
        var rotated: [KeyVersion] = []
        // Destroyed and retired versions are never overdue, so only a key's live newest version can be.
        for version in KeyVersion.newest(of: try await catalog.versions()) where version.isOverdue(at: now) {
            rotated.append(try await rotate(tenant: version.tenant, owner: version.owner, purpose: version.purpose))
        }
        return rotated
    }
}

/// A personal field read back: its bytes, or `erased` once its data subject's keys were shredded.
public enum PersonalField: Sendable, Hashable {
    case value([UInt8])
    case erased
}

extension KeyHierarchy {
    /// Seals a personal field under its data subject's key (`subject:ID`), so shredding the subject erases it.
    public func sealPersonal(_ plaintext: [UInt8], tenant: String, subject: String, objectID: String) async throws(KeyError) -> [UInt8] {
        try await seal(plaintext, tenant: tenant, owner: "subject:\(subject)", purpose: "personal", objectID: objectID)
    }

    /// Reads a personal field: `erased` when its subject was shredded, so a batch of records reads on; any other
    /// failure (tampering, an unreachable provider) is still an error.
    public func openPersonal(_ envelope: [UInt8], tenant: String, subject: String, objectID: String) async throws(KeyError) -> PersonalField {
        do {
            return .value(try await open(envelope, tenant: tenant, owner: "subject:\(subject)", purpose: "personal", objectID: objectID))
        } catch where error.code == .keyDestroyed {
            return .erased
        }
    }
}

extension KeyHierarchy {
    /// Encrypts a file for the owner (`model:NAME`, ...) with purpose `artifacts`, bound to `objectID`.
    public func encryptArtifact(input: String, output: String, tenant: String, owner: String, objectID: String, segmentSize: Int = 1 << 20,
                                progress: @escaping ArtifactCipher.Progress = { _, _ in }) async throws(KeyError) {
        var version: Int?
        do {
            let keys = try await sealingKeys(tenant: tenant, owner: owner, purpose: "artifacts")
            version = keys.first?.version
            try await ArtifactCipher(envelopes: cipher, segmentSize: segmentSize).encrypt(
                input: input, output: output, keys: keys,
                context: EncryptionContext(tenant: tenant, owner: owner, purpose: "artifacts", objectID: objectID, keyVersion: 0), progress: progress)
            report(.seal, tenant, owner, "artifacts", version, objectID, .success)
        } catch {
            report(.seal, tenant, owner, "artifacts", version, objectID, .failure(error.code))
            throw error
        }
    }

    /// Decrypts a file encrypted by `encryptArtifact`; retired and destroyed key versions are refused by name.
    public func decryptArtifact(input: String, output: String, tenant: String, owner: String, objectID: String,
                                progress: @escaping ArtifactCipher.Progress = { _, _ in }) async throws(KeyError) {
        let what = "the artifact \(input)"
        var version: Int?
        do throws(KeyError) {
            try await ArtifactCipher(envelopes: cipher).decrypt(
                input: input, output: output,
                context: EncryptionContext(tenant: tenant, owner: owner, purpose: "artifacts", objectID: objectID, keyVersion: 0), progress: progress
            ) { header throws(KeyError) in
                version = header.keyVersion
                try await check(tenant: tenant, owner: owner, purpose: "artifacts", version: header.keyVersion, what: what)
            }
            report(.open, tenant, owner, "artifacts", version, objectID, .success)
        } catch {
            report(.open, tenant, owner, "artifacts", version, objectID, .failure(error.code))
            throw error
        }
    }
}
