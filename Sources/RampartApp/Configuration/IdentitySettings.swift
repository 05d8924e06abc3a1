import Foundation
public import RampartCore
public import RampartIdentity
import RampartPolicy
import RampartYAML

/// The `identity` section: how callers authenticate, the operator's policy file and MFA requirements.
public struct IdentitySettings: Sendable, Hashable, Decodable {
    /// The server secret API keys are hashed under. Required with PostgreSQL (every instance needs the same one);
    /// with SQLite, when absent, one is made in the data directory on first use.
    public var apiKeySecret: SecretReference?
    /// How long an instance trusts what it read from the directory: the bound on how long a revoked key or a
    /// disabled principal keeps working on an instance that saw it just before.
    public var cacheSeconds: Double
    /// The operator's policy file (rules added to the built-in ones); relative to the configuration file.
    public var policies: String?
    public var mfa: MFASettings
    public var oidc: [OIDCSettings]
    public var mtls: [CertificateMappingSettings]

    public init() {
        apiKeySecret = nil
        cacheSeconds = 2
        policies = nil
        mfa = MFASettings()
        oidc = []
        mtls = []
    }

    enum CodingKeys: String, CodingKey {
        case apiKeySecret = "api_key_secret", cacheSeconds = "cache_seconds", policies, mfa, oidc, mtls
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        apiKeySecret = try c.decodeIfPresent(SecretReference.self, forKey: .apiKeySecret)
        cacheSeconds = try c.decodeIfPresent(Double.self, forKey: .cacheSeconds) ?? 2
        policies = try c.decodeIfPresent(String.self, forKey: .policies)
        mfa = try c.decodeIfPresent(MFASettings.self, forKey: .mfa) ?? MFASettings()
        oidc = try c.decodeIfPresent([OIDCSettings].self, forKey: .oidc) ?? []
        mtls = try c.decodeIfPresent([CertificateMappingSettings].self, forKey: .mtls) ?? []
    }

    func problems() -> [LocatedProblem] {
        let base = YAMLPath(["identity"])
        var problems: [LocatedProblem] = []
        if !(0...30).contains(cacheSeconds) {
            problems.append(LocatedProblem(.invalidValue, at: base.key("cache_seconds"), "must be 0 to 30 seconds (it bounds how long a revocation takes)"))
        }
        var issuers: Set<String> = []
        for (i, issuer) in oidc.enumerated() {
            let path = base.key("oidc").index(i)
            if !issuers.insert(issuer.issuer).inserted {
                problems.append(LocatedProblem(.invalidValue, at: path.key("issuer"), "issuer '\(issuer.issuer)' is configured twice"))
            }
            problems += issuer.problems(at: path)
        }
        for (i, mapping) in mtls.enumerated() where (mapping.subject == nil) == (mapping.name == nil) {
            problems.append(LocatedProblem(.invalidValue, at: base.key("mtls").index(i), "a mapping names either a subject or a name, not both"))
        }
        return problems
    }
}

/// When people must prove a second factor.
public struct MFASettings: Sendable, Hashable, Decodable {
    public var roles: [String]
    /// Invoking models classified this high or higher needs MFA; `none` turns it off.
    public var classification: DataClassification?

    public init(roles: [String] = ["admin"], classification: DataClassification? = .restricted) {
        self.roles = roles
        self.classification = classification
    }

    enum CodingKeys: String, CodingKey { case roles, classification }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        roles = try c.decodeIfPresent([String].self, forKey: .roles) ?? ["admin"]
        if try c.decodeIfPresent(String.self, forKey: .classification) == "none" {
            classification = nil
        } else {
            classification = try c.decodeIfPresent(DataClassification.self, forKey: .classification) ?? .restricted
        }
    }

    var requirements: BuiltinPolicies.MFARequirements { .init(roles: Set(roles), classification: classification) }
}

/// One trusted OIDC issuer.
public struct OIDCSettings: Sendable, Hashable, Decodable {
    public var issuer: String
    public var audience: [String]
    /// Where the issuer's keys are; when absent, read from the issuer's discovery document.
    public var jwksURL: String?
    public var algorithms: [JWTAlgorithm]
    public var clockSkewSeconds: Double
    public var maximumTokenBytes: Int
    public var tenant: String?
    public var tenantClaim: String?
    public var principalPrefix: String
    public var groupsClaim: String
    public var rolesForGroups: [String: [String]]
    public var clearanceClaim: String?
    public var defaultClearance: DataClassification
    public var mfaMethods: [String]
    public var mfaContexts: [String]
    /// The least time between two JWKS fetches (an unknown `kid` asks for one); bounds load on the issuer.
    public var jwksRefreshSeconds: Double

    enum CodingKeys: String, CodingKey {
        case issuer, audience, algorithms, tenant
        case jwksURL = "jwks_url", clockSkewSeconds = "clock_skew_seconds", maximumTokenBytes = "max_token_bytes"
        case tenantClaim = "tenant_claim", principalPrefix = "principal_prefix", groupsClaim = "groups_claim"
        case rolesForGroups = "roles_for_groups", clearanceClaim = "clearance_claim", defaultClearance = "default_clearance"
        case mfaMethods = "mfa_amr", mfaContexts = "mfa_acr", jwksRefreshSeconds = "jwks_refresh_seconds"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        issuer = try c.decode(String.self, forKey: .issuer)
        audience = try c.decode([String].self, forKey: .audience)
        jwksURL = try c.decodeIfPresent(String.self, forKey: .jwksURL)
        algorithms = try c.decodeIfPresent([JWTAlgorithm].self, forKey: .algorithms) ?? JWTAlgorithm.allCases
        clockSkewSeconds = try c.decodeIfPresent(Double.self, forKey: .clockSkewSeconds) ?? 60
        maximumTokenBytes = try c.decodeIfPresent(Int.self, forKey: .maximumTokenBytes) ?? 8192
        tenant = try c.decodeIfPresent(String.self, forKey: .tenant)
        tenantClaim = try c.decodeIfPresent(String.self, forKey: .tenantClaim)
        principalPrefix = try c.decodeIfPresent(String.self, forKey: .principalPrefix) ?? ""
        groupsClaim = try c.decodeIfPresent(String.self, forKey: .groupsClaim) ?? "groups"
        rolesForGroups = try c.decodeIfPresent([String: [String]].self, forKey: .rolesForGroups) ?? [:]
        clearanceClaim = try c.decodeIfPresent(String.self, forKey: .clearanceClaim)
        defaultClearance = try c.decodeIfPresent(DataClassification.self, forKey: .defaultClearance) ?? .internal
        mfaMethods = try c.decodeIfPresent([String].self, forKey: .mfaMethods) ?? ["mfa", "otp", "hwk"]
        mfaContexts = try c.decodeIfPresent([String].self, forKey: .mfaContexts) ?? []
        jwksRefreshSeconds = try c.decodeIfPresent(Double.self, forKey: .jwksRefreshSeconds) ?? 10
    }

    func problems(at path: YAMLPath) -> [LocatedProblem] {
        var problems: [LocatedProblem] = []
        if let problem = DeploymentSettings.serviceURLProblem(issuer) { problems.append(LocatedProblem(.invalidValue, at: path.key("issuer"), problem)) }
        if let jwksURL, let problem = DeploymentSettings.serviceURLProblem(jwksURL) {
            problems.append(LocatedProblem(.invalidValue, at: path.key("jwks_url"), problem))
        }
        if audience.isEmpty { problems.append(LocatedProblem(.missingValue, at: path.key("audience"), "name at least one audience")) }
        if algorithms.isEmpty { problems.append(LocatedProblem(.missingValue, at: path.key("algorithms"), "allow at least one algorithm")) }
        if !(0...300).contains(clockSkewSeconds) {
            problems.append(LocatedProblem(.invalidValue, at: path.key("clock_skew_seconds"), "must be 0 to 300"))
        }
        if !(1...3600).contains(jwksRefreshSeconds) {
            problems.append(LocatedProblem(.invalidValue, at: path.key("jwks_refresh_seconds"), "must be 1 to 3600"))
        }
        if !(512...65_536).contains(maximumTokenBytes) {
            problems.append(LocatedProblem(.invalidValue, at: path.key("max_token_bytes"), "must be 512 to 65536"))
        }
        if (tenant == nil) == (tenantClaim == nil) {
            problems.append(LocatedProblem(.missingValue, at: path, "give either tenant (a fixed tenant) or tenant_claim"))
        }
        return problems
    }
}

/// Maps a client certificate (by exact subject or SAN) to a service principal.
public struct CertificateMappingSettings: Sendable, Hashable, Decodable {
    public var subject: String?
    public var name: String?
    public var principal: String
}

/// Rate and concurrency limits per principal, per workload and per tenant (`gateway.limits`).
public struct LimitSettings: Sendable, Hashable, Decodable {
    public var principal: RateLimitSettings?
    public var workload: RateLimitSettings?
    public var tenant: RateLimitSettings?

    public init() {}
}

public struct RateLimitSettings: Sendable, Hashable, Decodable {
    public var requestsPerMinute: Int?
    public var tokensPerMinute: Int?
    public var concurrent: Int?

    enum CodingKeys: String, CodingKey {
        case requestsPerMinute = "requests_per_minute", tokensPerMinute = "tokens_per_minute", concurrent
    }

    func problems(at path: YAMLPath) -> [LocatedProblem] {
        [("requests_per_minute", requestsPerMinute), ("tokens_per_minute", tokensPerMinute), ("concurrent", concurrent)]
            .compactMap { key, value in
                guard let value, value < 1 else { return nil }
                return LocatedProblem(.invalidValue, at: path.key(key), "must be at least 1 (leave it out for no limit)")
            }
    }
}

/// What a model costs (`gateway.models[].price`), in currency units.
public struct PriceSettings: Sendable, Hashable, Decodable {
    public var currency: String
    public var inputPerMillionTokens: Double
    public var outputPerMillionTokens: Double
    public var perRequest: Double

    enum CodingKeys: String, CodingKey {
        case currency, inputPerMillionTokens = "input_per_million_tokens", outputPerMillionTokens = "output_per_million_tokens"
        case perRequest = "per_request"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        currency = try c.decodeIfPresent(String.self, forKey: .currency) ?? "USD"
        inputPerMillionTokens = try c.decodeIfPresent(Double.self, forKey: .inputPerMillionTokens) ?? 0
        outputPerMillionTokens = try c.decodeIfPresent(Double.self, forKey: .outputPerMillionTokens) ?? 0
        perRequest = try c.decodeIfPresent(Double.self, forKey: .perRequest) ?? 0
    }

    func problems(at path: YAMLPath) -> [LocatedProblem] {
        var problems: [LocatedProblem] = []
        for (key, value) in [("input_per_million_tokens", inputPerMillionTokens), ("output_per_million_tokens", outputPerMillionTokens),
                             ("per_request", perRequest)] where !(0...1_000_000).contains(value) {
            problems.append(LocatedProblem(.invalidValue, at: path.key(key), "must be 0 to 1000000"))
        }
        if currency.count != 3 || !currency.allSatisfy({ $0.isUppercase && $0.isASCII }) {
            problems.append(LocatedProblem(.invalidValue, at: path.key("currency"), "an ISO 4217 code such as USD or EUR"))
        }
        return problems
    }
}

/// A name that resolves, per caller, to the first of its models the caller may invoke (`gateway.aliases`).
public struct AliasSettings: Sendable, Hashable, Decodable {
    public var name: String
    public var models: [String]
}
