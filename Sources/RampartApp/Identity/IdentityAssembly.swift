import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import RampartCore
import RampartGateway
import RampartIdentity
import RampartPolicy
import RampartStorage

/// Builds identity, authorization and limits from the configuration: the composition root's identity part.
enum IdentityAssembly {
    struct Parts {
        var access: AccessControl
        var admission: GatewayLimits
        var principals: PrincipalStore
        var apiKeys: APIKeyStore
        var budgets: BudgetLedger
        var containment: ContainmentBoard
    }

    static func engine(context: RampartContext) throws(InputErrors) -> PolicyEngine {
        let identity = context.configuration.identity
        let own = try identity.policies.map { (path) throws(InputErrors) in try PolicyLoader.load(path: path) } ?? []
        return PolicyEngine(rules: BuiltinPolicies.rules(mfa: identity.mfa.requirements) + own)
    }

    /// The directory's stores; `serverSecret` when the caller has already resolved it, else it is resolved here.
    static func stores(context: RampartContext, database: Database, serverSecret: [UInt8]? = nil) throws(InputErrors)
        -> (PrincipalStore, APIKeyStore, BudgetLedger)
    {
        let clock = context.clock
        let secret: [UInt8]
        if let serverSecret { secret = serverSecret } else { secret = try APIKeySecret.resolve(context: context) }
        let hasher = APIKeyHasher(secret: secret)
        return (PrincipalStore(database: database, now: { clock.now }), APIKeyStore(database: database, hasher: hasher, now: { clock.now }),
                BudgetLedger(database: database, now: { clock.now }))
    }

    static func parts(context: RampartContext, database: Database, client: ServiceClient, serverSecret: [UInt8]) throws(InputErrors) -> Parts {
        let identity = context.configuration.identity
        let (principals, apiKeys, budgets) = try stores(context: context, database: database, serverSecret: serverSecret)
        let clock = context.clock
        let issuers = identity.oidc.map { settings in
            OIDCIssuer(
                validation: JWTValidation(issuer: settings.issuer, audiences: Set(settings.audience), algorithms: Set(settings.algorithms),
                                          clockSkew: settings.clockSkewSeconds, maximumBytes: settings.maximumTokenBytes),
                keys: JWKSCache(minimumRefreshInterval: .milliseconds(Int(settings.jwksRefreshSeconds * 1000)),
                                fetch: jwksFetch(settings, client: client)),
                tenant: settings.tenant.map(OIDCIssuer.TenantSource.fixed) ?? .claim(settings.tenantClaim ?? "tenant"),
                principalPrefix: settings.principalPrefix, groupsClaim: settings.groupsClaim,
                rolesForGroups: settings.rolesForGroups.mapValues(Set.init), clearanceClaim: settings.clearanceClaim,
                defaultClearance: settings.defaultClearance, multiFactorMethods: Set(settings.mfaMethods),
                multiFactorContexts: Set(settings.mfaContexts))
        }
        let certificates = identity.mtls.map { mapping in
            CertificateMapping(mapping.subject.map(CertificateMapping.Match.subject) ?? .name(mapping.name ?? ""), principalID: mapping.principal)
        }
        let authenticator = GatewayAuthenticator(
            apiKeys: apiKeys, principals: principals, issuers: issuers, certificates: certificates,
            cacheTimeToLive: .milliseconds(Int(identity.cacheSeconds * 1000)), now: { clock.now })
        let containment = ContainmentBoard(reference: AuditAssembly.subjectReference(serverSecret: serverSecret))
        let access = AccessControl(authenticator: authenticator, engine: try engine(context: context), logger: context.logger,
                                   containment: containment, now: { clock.now })
        let gateway = context.configuration.gateway
        func limit(_ settings: RateLimitSettings?) -> RateLimit? {
            settings.map { RateLimit(requestsPerMinute: $0.requestsPerMinute, tokensPerMinute: $0.tokensPerMinute, concurrent: $0.concurrent) }
        }
        var limits: [LimitSubject.Kind: RateLimit] = [:]
        limits[.principal] = limit(gateway.limits.principal)
        limits[.workload] = limit(gateway.limits.workload)
        limits[.tenant] = limit(gateway.limits.tenant)
        var prices: [String: (price: ModelPrice, maximumOutput: Int)] = [:]
        for model in gateway.models {
            guard let price = model.price else { continue }
            prices[model.name] = (ModelPrice(currency: price.currency, inputMicrosPerMillionTokens: micros(price.inputPerMillionTokens),
                                             outputMicrosPerMillionTokens: micros(price.outputPerMillionTokens), requestMicros: micros(price.perRequest)),
                                  model.maximumOutputTokens)
        }
        let admission = GatewayLimits(rates: RateLimiter(limits: limits), budgets: budgets, prices: prices, logger: context.logger,
                                      containment: containment, now: { clock.now })
        return Parts(access: access, admission: admission, principals: principals, apiKeys: apiKeys, budgets: budgets, containment: containment)
    }

    static func micros(_ amount: Double) -> Int64 { Int64((amount * 1_000_000).rounded()) }

    /// Fetches an issuer's JWKS (from `jwks_url`, or the discovery document's `jwks_uri`), at most 64 KiB, in 5 s.
    static func jwksFetch(_ settings: OIDCSettings, client: ServiceClient) -> JWKSCache.Fetch {
        { () async throws -> [UInt8] in
            func get(_ url: String) async throws -> [UInt8] {
                var request = HTTPClientRequest(url: url)
                request.headers.add(name: "accept", value: "application/json")
                let response = try await client.execute(request, timeout: .seconds(5))
                guard response.status == .ok else { throw FetchFailed() }
                return Array(buffer: try await response.body.collect(upTo: 65_536))
            }
            if let url = settings.jwksURL { return try await get(url) }
            let base = settings.issuer.hasSuffix("/") ? String(settings.issuer.dropLast()) : settings.issuer
            let discovery = try JSONDecoder().decode(Discovery.self, from: Data(try await get(base + "/.well-known/openid-configuration")))
            guard discovery.issuer == settings.issuer, DeploymentSettings.serviceURLProblem(discovery.jwks_uri) == nil else { throw FetchFailed() }
            return try await get(discovery.jwks_uri)
        }
    }

    struct Discovery: Decodable {
        var issuer: String
        var jwks_uri: String
    }

    struct FetchFailed: Error {}
}
