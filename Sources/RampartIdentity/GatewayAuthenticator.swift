public import Foundation
import Logging
public import RampartPolicy
import Synchronization
import Crypto

/// Authenticates every caller of the gateway and the admin API by API key, OIDC token or client certificate.
///
/// Directory answers are cached for `cacheTimeToLive` (seconds, documented): a revoked key, a disabled principal
/// is refused by every instance within that time. A directory that cannot be reached fails closed.
public struct GatewayAuthenticator: Authenticator {
    let apiKeys: APIKeyStore
    let principals: PrincipalStore
    let issuers: [String: OIDCIssuer]
    /// The largest token any issuer accepts: longer ones are refused before they are parsed.
    let maximumTokenBytes: Int
    let certificates: [CertificateMapping]
    let now: @Sendable () -> Date
    private let keyCache: ExpiringCache<String, CachedKey>
    private let principalCache: ExpiringCache<String, CachedPrincipal>
    private let tokenCache: ExpiringCache<SHA256.Digest, VerifiedCall>
    private let lastUse: LastUseRecorder

    struct CachedKey: Sendable { var entry: (APIKeyRecord, Principal)? }
    struct CachedPrincipal: Sendable { var principal: Principal? }
    /// A token that verified, with what its claims map to; reused for the same token bytes until it expires.
    struct VerifiedCall: Sendable {
        var token: VerifiedToken
        var principal: Principal
        var multiFactor: Bool
        var skew: TimeInterval
    }

    public init(apiKeys: APIKeyStore, principals: PrincipalStore, issuers: [OIDCIssuer] = [], certificates: [CertificateMapping] = [],
                cacheTimeToLive: Duration = .seconds(2), now: @escaping @Sendable () -> Date = Date.init,
                instant: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.apiKeys = apiKeys
        self.principals = principals
        self.issuers = Dictionary(issuers.map { ($0.validation.issuer, $0) }, uniquingKeysWith: { first, _ in first })
        self.maximumTokenBytes = issuers.map(\.validation.maximumBytes).max() ?? 8192
        self.certificates = certificates
        self.now = now
        self.keyCache = ExpiringCache(timeToLive: cacheTimeToLive, now: instant)
        self.principalCache = ExpiringCache(timeToLive: cacheTimeToLive, now: instant)
        self.tokenCache = ExpiringCache(timeToLive: .seconds(60), capacity: 20_000, now: instant)
        self.lastUse = LastUseRecorder(store: apiKeys, interval: .seconds(60), instant: instant)
    }

    public func authenticate(_ credentials: PresentedCredentials) async -> Result<Caller, AuthenticationFailure> {
        if let bearer = credentials.bearer {
            if bearer.hasPrefix(APIKeyFormat.prefix) { return await apiKey(bearer) }
            if bearer.utf8.count > 16_384 { return .failure(AuthenticationFailure("credential.too_large", "\(bearer.utf8.count) bytes")) }
            if bearer.utf8.filter({ $0 == UInt8(ascii: ".") }).count == 2 { return await token(bearer) }
            return .failure(AuthenticationFailure("credential.unrecognized", "neither an API key nor a JWT"))
        }
        if credentials.certificateSubject != nil || !credentials.certificateNames.isEmpty {
            return await certificate(subject: credentials.certificateSubject, names: credentials.certificateNames)
        }
        return .failure(AuthenticationFailure("credential.missing", "no Authorization header, x-api-key or client certificate"))
    }

    func apiKey(_ key: String) async -> Result<Caller, AuthenticationFailure> {
        guard APIKeyFormat.isWellFormed(key) else { return .failure(AuthenticationFailure("apikey.malformed", "bad length, alphabet or checksum")) }
        let hash = apiKeys.hasher.hash(key)
        let found: (APIKeyRecord, Principal)?
        if let cached = keyCache.value(for: hash) {
            found = cached.entry
        } else {
            do { found = try await apiKeys.lookup(hash: hash) } catch {
                return .failure(AuthenticationFailure("directory.unavailable", "the key directory cannot be read"))
            }
            keyCache.store(CachedKey(entry: found), for: hash)
        }
        guard let (record, principal) = found else { return .failure(AuthenticationFailure("apikey.unknown", APIKeyFormat.id(of: key))) }
        let at = now()
        if record.revokedAt != nil { return .failure(AuthenticationFailure("apikey.revoked", record.id)) }
        if let expiry = record.expiresAt, at >= expiry { return .failure(AuthenticationFailure("apikey.expired", record.id)) }
        if principal.disabled { return .failure(AuthenticationFailure("principal.disabled", principal.id)) }
        lastUse.used(record.id, at: at)
        return .success(Caller(principal: principal, authentication: AuthenticationFacts(
            method: .apiKey, scope: record.scope.workloads.isEmpty && record.scope.models.isEmpty ? nil : record.scope, credentialID: record.id)))
    }

    func token(_ text: String) async -> Result<Caller, AuthenticationFailure> {
        // Clients reuse a token for many calls: the same bytes verified before are not verified again (the
        // signature cannot have changed), but expiry and the directory are checked on every call.
        let digest = SHA256.hash(data: Array(text.utf8))
        if let cached = tokenCache.value(for: digest) {
            guard now().timeIntervalSince1970 < cached.token.expiresAt.timeIntervalSince1970 + cached.skew else {
                return .failure(AuthenticationFailure("jwt.expired", "expired"))
            }
            return await caller(cached)
        }
        switch await verify(text) {
        case .failure(let failure): return .failure(failure)
        case .success(let verified):
            tokenCache.store(verified, for: digest)
            return await caller(verified)
        }
    }

    func verify(_ text: String) async -> Result<VerifiedCall, AuthenticationFailure> {
        let token: UnverifiedToken
        switch JWTVerifier.decode(text, maximumBytes: maximumTokenBytes) {
        case .success(let decoded): token = decoded
        case .failure(let failure): return .failure(failure)
        }
        guard let claimed = token.claimedIssuer, let issuer = issuers[claimed] else {
            return .failure(AuthenticationFailure("jwt.unknown_issuer", "iss is not a configured issuer"))
        }
        if case .failure(let failure) = JWTVerifier.checkHeader(token, issuer.validation) { return .failure(failure) }
        let key: VerificationKey
        switch await issuer.keys.key(id: token.keyID ?? "") {
        case .success(let found): key = found
        case .failure(let failure): return .failure(failure)
        }
        let verified: VerifiedToken
        switch JWTVerifier.verify(token, key: key, rules: issuer.validation, now: now()) {
        case .success(let value): verified = value
        case .failure(let failure): return .failure(failure)
        }
        switch issuer.principal(for: verified) {
        case .success(let (principal, multiFactor)):
            return .success(VerifiedCall(token: verified, principal: principal, multiFactor: multiFactor, skew: issuer.validation.clockSkew))
        case .failure(let failure): return .failure(failure)
        }
    }

    /// The caller a verified token stands for, as the directory has it now.
    func caller(_ verified: VerifiedCall) async -> Result<Caller, AuthenticationFailure> {
        var principal = verified.principal
        switch await stored(principal.id) {
        case .failure(let failure): return .failure(failure)
        case .success(let record?):
            if record.disabled { return .failure(AuthenticationFailure("principal.disabled", record.id)) }
            if record.tenant != principal.tenant { return .failure(AuthenticationFailure("principal.tenant_mismatch", record.id)) }
            // The directory's attributes (clearance above all) win over claims; roles and groups add up.
            principal.attributes = record.attributes
            principal.roles.formUnion(record.roles)
            principal.groups.formUnion(record.groups)
        case .success(nil):
            break
        }
        return .success(Caller(principal: principal, authentication: AuthenticationFacts(
            method: .oidc, multiFactor: verified.multiFactor, credentialID: verified.token.tokenID ?? "jwt:\(verified.token.subject.prefix(64))")))
    }

    func certificate(subject: String?, names: [String]) async -> Result<Caller, AuthenticationFailure> {
        guard let id = CertificateMapping.principalID(subject: subject, names: names, in: certificates) else {
            return .failure(AuthenticationFailure("mtls.unmapped", "no mapping for the client certificate"))
        }
        switch await stored(id) {
        case .failure(let failure): return .failure(failure)
        case .success(nil): return .failure(AuthenticationFailure("mtls.unknown_principal", id))
        case .success(let principal?):
            if principal.disabled { return .failure(AuthenticationFailure("principal.disabled", id)) }
            if principal.kind == .user { return .failure(AuthenticationFailure("mtls.user_principal", "certificates map to services only")) }
            return .success(Caller(principal: principal, authentication: AuthenticationFacts(method: .mutualTLS, credentialID: subject ?? names.first ?? id)))
        }
    }

    func stored(_ id: String) async -> Result<Principal?, AuthenticationFailure> {
        if let cached = principalCache.value(for: id) { return .success(cached.principal) }
        do {
            let principal = try await principals.principal(id: id)
            principalCache.store(CachedPrincipal(principal: principal), for: id)
            return .success(principal)
        } catch {
            return .failure(AuthenticationFailure("directory.unavailable", "the principal directory cannot be read"))
        }
    }
}

/// Writes an API key's last use at most once per interval per key, off the request's path.
final class LastUseRecorder: Sendable {
    let store: APIKeyStore
    let interval: Duration
    let instant: @Sendable () -> ContinuousClock.Instant
    private let written = Mutex<[String: ContinuousClock.Instant]>([:])

    init(store: APIKeyStore, interval: Duration, instant: @escaping @Sendable () -> ContinuousClock.Instant) {
        self.store = store
        self.interval = interval
        self.instant = instant
    }

    func used(_ id: String, at date: Date) {
        let current = instant()
        let due = written.withLock { written in
            if let last = written[id], current - last < interval { return false }
            if written.count > 100_000 { written.removeAll() }
            written[id] = current
            return true
        }
        guard due else { return }
        let store = self.store
        Task { try? await store.touch(id: id, at: date) }
    }
}
