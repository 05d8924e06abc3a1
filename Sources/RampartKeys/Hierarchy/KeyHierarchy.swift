import Foundation
public import RampartCore
public import RampartPolicy

/// Rampart's keys: for each tenant, owner (`tenant`, `workload:NAME`, `model:NAME`, `subject:ID`) and purpose, a
/// versioned key-encryption key held by the tenant's providers (two for a hybrid tenant), under which data keys are
/// wrapped per object or batch. New versions seal; older ones open until retired; destroyed ones open nothing.
///
/// Every operation is made for a caller (``acting(as:)``) and decided by the policy engine first: a hierarchy with
/// no caller does nothing. Each use, allowed or denied, goes to `usage` as a ``KeyUsageEvent``.
public struct KeyHierarchy: Sendable {
    public let catalog: KeyCatalog
    public var cipher: EnvelopeCipher
    /// The providers each tenant's keys are made in; tenants not listed use `defaultProviders`.
    public var tenantProviders: [String: [String]]
    public var defaultProviders: [String]
    public var rotationDays: Int
    /// Rotation periods of particular keys (`OWNER/PURPOSE`) or owners (`OWNER`), in place of `rotationDays`.
    public var rotationOverrides: [String: Int] = [:]
    public var clock: WallClock
    /// Decides who may use which key for what (the built-in rules and the operator's own).
    public var policy: PolicyEngine
    /// On whose behalf operations are made; nil: none is allowed.
    public private(set) var caller: KeyCaller?
    /// Where key-usage events go (the audit log; by default nowhere).
    public var usage: @Sendable (KeyUsageEvent) -> Void = { _ in }
    let versionsCache: KeyCatalogCache

    /// - Parameters:
    ///   - dataKeys: data keys kept for reuse (nil: every seal and open calls the providers).
    ///   - catalogTimeToLive: how long the catalog's answers are kept; other instances' rotations and shreddings are
    ///     seen within it.
    public init(catalog: KeyCatalog, providers: [any KeyProvider], tenantProviders: [String: [String]] = [:], defaultProviders: [String],
                rotationDays: Int = 90, clock: WallClock = .system, policy: PolicyEngine = PolicyEngine(rules: BuiltinPolicies.rules()),
                dataKeys: DataKeyCache? = DataKeyCache(), catalogTimeToLive: Duration = .seconds(2),
                instant: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.catalog = catalog
        self.cipher = EnvelopeCipher(providers: providers, cache: dataKeys)
        self.tenantProviders = tenantProviders
        self.defaultProviders = defaultProviders
        self.rotationDays = rotationDays
        self.clock = clock
        self.policy = policy
        self.versionsCache = KeyCatalogCache(timeToLive: catalogTimeToLive, now: instant)
    }

    /// This hierarchy, acting for `caller`. Copies share the caches.
    public func acting(as caller: KeyCaller) -> KeyHierarchy {
        var copy = self
        copy.caller = caller
        return copy
    }

    // MARK: versions

    /// The versions of one key, oldest first, from the cache when it is fresh.
    func versions(_ key: KeyName) async throws(KeyError) -> [KeyVersion] {
        if let cached = versionsCache.versions(key) { return cached }
        let versions = try await catalog.versions(tenant: key.tenant, owner: key.owner, purpose: key.purpose)
        versionsCache.store(versions, for: key)
        return versions
    }

    /// The keys to seal under now: the newest usable version, made (as version 1) if there is none.
    func sealingKeys(_ key: KeyName) async throws(KeyError) -> [KeyReference] {
        let versions = try await versions(key)
        if versions.contains(where: { $0.destroyed != nil }) {
            throw KeyError(.keyDestroyed, "the keys of \(key.owner) in \(key.tenant) were destroyed; nothing more is sealed for it")
        }
        if let current = versions.last(where: { $0.retired == nil }) { return current.copies }
        let made = try await makeVersion(key)
        // The first version is made on first use, as part of an allowed seal: recorded as a rotation by the same caller.
        report(.rotate, key, version: made.version, outcome: .success, Grant(caller: caller?.name ?? "nobody", rules: [], alert: false))
        return made.copies
    }

    /// Makes the next version in every provider of the tenant; it seals from now on.
    @discardableResult
    public func rotate(tenant: String, owner: String, purpose: String) async throws(KeyError) -> KeyVersion {
        let key = KeyName(tenant: tenant, owner: owner, purpose: purpose)
        let grant = try authorize(.rotateKeys, .rotate, key)
        let version = try await makeVersion(key)
        report(.rotate, key, version: version.version, outcome: .success, grant)
        return version
    }

    func makeVersion(_ key: KeyName) async throws(KeyError) -> KeyVersion {
        defer { versionsCache.forget(tenant: key.tenant, owner: key.owner, purpose: key.purpose) }
        for _ in 0..<3 {
            let versions = try await catalog.versions(tenant: key.tenant, owner: key.owner, purpose: key.purpose)
            let number = (versions.last?.version ?? 0) + 1
            var copies: [KeyReference] = []
            for kind in tenantProviders[key.tenant] ?? defaultProviders {
                guard let provider = cipher.providers[kind] else { throw KeyError(.providerUnavailable, "no \(kind) provider is configured for \(key.tenant)") }
                copies.append(KeyReference(provider: kind, keyID: try await provider.createKey(label: "\(key)/v\(number)"), version: number))
            }
            let version = KeyVersion(tenant: key.tenant, owner: key.owner, purpose: key.purpose, version: number, copies: copies,
                                     rotationDays: rotationDays(for: key), created: clock.now)
            if try await catalog.insert(version) { return version }
            // Another instance made this version first: discard ours and use theirs.
            for copy in copies { try? await cipher.providers[copy.provider]?.destroyKey(copy.keyID) }
            if let theirs = try await catalog.versions(tenant: key.tenant, owner: key.owner, purpose: key.purpose).last { return theirs }
        }
        throw KeyError(.storage, "the next version of \(key) could not be recorded")
    }

    /// Refuses a version that is unknown, retired or destroyed.
    func check(_ key: KeyName, version: Int, what: String) async throws(KeyError) {
        guard let recorded = try await versions(key).first(where: { $0.version == version }) else {
            throw KeyError(.keyNotFound, "\(what) was sealed under version \(version) of \(key), which the catalog does not know")
        }
        if recorded.destroyed != nil { throw KeyError(.keyDestroyed, "\(what): the keys of \(key.owner) were destroyed") }
        if recorded.retired != nil { throw KeyError(.keyRetired, "\(what) is under retired version \(version) of \(key)") }
    }

    // MARK: objects

    /// Seals an object under the owner's current key.
    public func seal(_ plaintext: [UInt8], tenant: String, owner: String, purpose: String, objectID: String) async throws(KeyError) -> [UInt8] {
        let key = KeyName(tenant: tenant, owner: owner, purpose: purpose)
        let grant = try authorize(.encryptWithKey, .seal, key, objectID: objectID)
        return try await recorded(.seal, key, objectID: objectID, grant) { version throws(KeyError) in
            let keys = try await sealingKeys(key)
            version = keys.first?.version
            return try await cipher.seal(plaintext, keys: keys, context: context(key, objectID))
        }
    }

    /// Opens an object; a retired version is refused by name (its data must be rewrapped first), a destroyed one
    /// answers `keyDestroyed`.
    public func open(_ envelope: [UInt8], tenant: String, owner: String, purpose: String, objectID: String) async throws(KeyError) -> [UInt8] {
        let key = KeyName(tenant: tenant, owner: owner, purpose: purpose)
        let grant = try authorize(.decryptWithKey, .open, key, objectID: objectID)
        return try await recorded(.open, key, objectID: objectID, grant) { version throws(KeyError) in
            let what = "the object \(objectID)"
            let (header, _) = try EnvelopeHeader.parse(envelope, kind: EnvelopeHeader.envelopeKind, what: what)
            version = header.keyVersion
            try await check(key, version: header.keyVersion, what: what)
            return try await cipher.open(envelope, context: context(key, objectID))
        }
    }

    /// Moves an envelope's data key to its key's newest version; the payload is untouched. Nil when it is there
    /// already. Retired and destroyed versions are refused as for opening.
    public func rewrap(_ envelope: [UInt8], tenant: String, owner: String, purpose: String, objectID: String) async throws(KeyError)
        -> (envelope: [UInt8], version: Int)?
    {
        let key = KeyName(tenant: tenant, owner: owner, purpose: purpose)
        let grant = try authorize(.rewrapKeys, .rewrap, key, objectID: objectID)
        return try await recorded(.rewrap, key, objectID: objectID, grant) { version throws(KeyError) in
            let what = "the object \(objectID)"
            let (header, _) = try EnvelopeHeader.parse(envelope, kind: EnvelopeHeader.envelopeKind, what: what)
            version = header.keyVersion
            let keys = try await sealingKeys(key)
            guard let newest = keys.first?.version, newest != header.keyVersion else { return nil }
            try await check(key, version: header.keyVersion, what: what)
            let moved = try await cipher.rewrap(envelope, to: keys, context: context(key, objectID))
            version = newest
            return (moved, newest)
        }
    }

    /// Runs an operation allowed by `grant` and reports how it ended as one key-usage event; the operation sets the
    /// key version it used as soon as it knows it.
    func recorded<T>(_ operation: KeyUsageEvent.Operation, _ key: KeyName, objectID: String?, _ grant: Grant,
                     _ body: (inout Int?) async throws(KeyError) -> T) async throws(KeyError) -> T {
        var version: Int?
        do {
            let result = try await body(&version)
            report(operation, key, version: version, objectID: objectID, outcome: .success, grant)
            return result
        } catch {
            report(operation, key, version: version, objectID: objectID, outcome: .failure(error.code), grant)
            throw error
        }
    }

    func context(_ key: KeyName, _ objectID: String) -> EncryptionContext {
        EncryptionContext(tenant: key.tenant, owner: key.owner, purpose: key.purpose, objectID: objectID)
    }

    // MARK: lifecycle

    /// Retires a version: it opens nothing more (rewrap its data first).
    public func retire(tenant: String, owner: String, purpose: String, version: Int) async throws(KeyError) {
        let key = KeyName(tenant: tenant, owner: owner, purpose: purpose)
        let grant = try authorize(.rotateKeys, .retire, key, version: version)
        try await catalog.mark(.retired, at: clock.now, tenant: tenant, owner: owner, purpose: purpose, version: version)
        versionsCache.forget(tenant: tenant, owner: owner, purpose: purpose)
        cipher.cache?.forget(tenant: tenant, owner: owner, purpose: purpose)
        report(.retire, key, version: version, outcome: .success, grant)
    }

    /// Crypto-shredding: destroys every version of the owner's keys, for every purpose, in every provider holding
    /// one, and records it. What was sealed for the owner answers `keyDestroyed` from then on.
    /// - Returns: the number of provider keys destroyed.
    @discardableResult
    public func shred(tenant: String, owner: String) async throws(KeyError) -> Int {
        let key = KeyName(tenant: tenant, owner: owner, purpose: "*")
        let grant = try authorize(.shredKeys, .shred, key)
        // Cached data keys go first: from here on nothing of the owner opens in this instance.
        versionsCache.forget(tenant: tenant, owner: owner)
        cipher.cache?.forget(tenant: tenant, owner: owner)
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
        versionsCache.forget(tenant: tenant, owner: owner)
        report(.shred, key, outcome: .success, grant)
        return destroyed
    }

    /// The rotation period of a key: its own, its owner's, or the default.
    public func rotationDays(for key: KeyName) -> Int {
        rotationOverrides["\(key.owner)/\(key.purpose)"] ?? rotationOverrides[key.owner] ?? rotationDays
    }

    /// A version with the rotation period the configuration gives its key now (a changed period applies to versions
    /// made before the change too).
    public func effective(_ version: KeyVersion) -> KeyVersion {
        var version = version
        version.rotationDays = rotationDays(for: version.name)
        return version
    }

    /// Rotates every key in use past its rotation period; returns the new versions.
    public func rotateOverdue() async throws(KeyError) -> [KeyVersion] {
        let now = clock.now
        var rotated: [KeyVersion] = []
        // Destroyed and retired versions are never overdue, so only a key's live newest version can be.
        for version in KeyVersion.newest(of: try await catalog.versions()).map(effective) where version.isOverdue(at: now) {
            rotated.append(try await rotate(tenant: version.tenant, owner: version.owner, purpose: version.purpose))
        }
        return rotated
    }

    // MARK: access and usage

    /// What allowed an operation: for its key-usage events.
    struct Grant {
        var caller: String
        var rules: [String]
        var alert: Bool
    }

    /// The policy's decision for the caller, or `accessDenied` naming the rules that decided (recorded as a
    /// key-usage event). A key's resource id is `OWNER/PURPOSE` (`model:fraud/artifacts`, `tenant/vault`), and
    /// `OWNER` alone for shredding, which covers every purpose.
    func authorize(_ action: Action, _ operation: KeyUsageEvent.Operation, _ key: KeyName, version: Int? = nil,
                   objectID: String? = nil) throws(KeyError) -> Grant {
        guard let caller else {
            report(operation, key, version: version, objectID: objectID, outcome: .failure(.accessDenied), Grant(caller: "nobody", rules: [], alert: false))
            throw KeyError(.accessDenied, "no caller: every use of a key is made for someone")
        }
        let resource = Resource(kind: .key, id: key.purpose == "*" ? key.owner : "\(key.owner)/\(key.purpose)", tenant: key.tenant)
        let acting = caller.caller(in: key.tenant)
        let decision = policy.authorize(acting.principal, action, resource, RequestFacts(now: clock.now, authentication: acting.authentication))
        guard decision.allowed else {
            report(operation, key, version: version, objectID: objectID, outcome: .failure(.accessDenied),
                   Grant(caller: caller.name, rules: decision.forbiddenBy, alert: false))
            throw KeyError(.accessDenied, "\(caller.name) may not \(action) \(key): \(decision.isDefaultDeny ? "no rule permits it" : "forbidden by \(decision.forbiddenBy.joined(separator: ", "))")")
        }
        return Grant(caller: caller.name, rules: decision.permittedBy, alert: !decision.alerts.isEmpty)
    }

    func report(_ operation: KeyUsageEvent.Operation, _ key: KeyName, version: Int? = nil, objectID: String? = nil,
                outcome: KeyUsageEvent.Outcome, _ grant: Grant) {
        usage(KeyUsageEvent(operation: operation, tenant: key.tenant, owner: key.owner, purpose: key.purpose == "*" ? nil : key.purpose,
                            version: version, objectID: objectID, outcome: outcome, at: clock.now, caller: grant.caller, rules: grant.rules,
                            alert: grant.alert, callerIsPerson: caller?.isPerson ?? false))
    }
}
