public import RampartCore
public import RampartPolicy

/// One trusted OIDC issuer: how its tokens are validated and how their claims become a principal.
public struct OIDCIssuer: Sendable {
    public var validation: JWTValidation
    public var keys: JWKSCache
    /// The tenant of the issuer's users: a fixed name, or read from a claim.
    public var tenant: TenantSource
    /// Prefixed to `sub` to make the principal id (keeps two issuers' subjects apart).
    public var principalPrefix: String
    /// The claim holding the user's groups.
    public var groupsClaim: String
    /// Roles granted to members of each group.
    public var rolesForGroups: [String: Set<String>]
    /// The claim holding the user's clearance (`public` ... `restricted`), if the issuer sends one.
    public var clearanceClaim: String?
    public var defaultClearance: DataClassification
    /// `amr` values that prove a second factor (RFC 8176), and `acr` values that do.
    public var multiFactorMethods: Set<String>
    public var multiFactorContexts: Set<String>

    public enum TenantSource: Sendable, Hashable {
        case fixed(String)
        case claim(String)
    }

    public init(validation: JWTValidation, keys: JWKSCache, tenant: TenantSource, principalPrefix: String = "", groupsClaim: String = "groups",
                rolesForGroups: [String: Set<String>] = [:], clearanceClaim: String? = nil, defaultClearance: DataClassification = .internal,
                multiFactorMethods: Set<String> = ["mfa", "otp", "hwk"], multiFactorContexts: Set<String> = []) {
        self.validation = validation
        self.keys = keys
        self.tenant = tenant
        self.principalPrefix = principalPrefix
        self.groupsClaim = groupsClaim
        self.rolesForGroups = rolesForGroups
        self.clearanceClaim = clearanceClaim
        self.defaultClearance = defaultClearance
        self.multiFactorMethods = multiFactorMethods
        self.multiFactorContexts = multiFactorContexts
    }

    /// The principal and MFA fact a verified token stands for, or why it cannot stand for one.
    public func principal(for token: VerifiedToken) -> Result<(Principal, Bool), AuthenticationFailure> {
        let tenantName: String
        switch tenant {
        case .fixed(let name): tenantName = name
        case .claim(let claim):
            guard let name = token.claims[claim]?.string, !name.isEmpty else {
                return .failure(AuthenticationFailure("jwt.missing_claim", "no tenant claim '\(claim)'"))
            }
            tenantName = name
        }
        let groups = Set((token.claims[groupsClaim]?.strings ?? []).prefix(256))
        var roles: Set<String> = []
        for group in groups { roles.formUnion(rolesForGroups[group] ?? []) }
        var clearance = defaultClearance
        if let clearanceClaim, let value = token.claims[clearanceClaim]?.string {
            guard let level = DataClassification(rawValue: value) else {
                return .failure(AuthenticationFailure("jwt.bad_claim", "clearance claim is not a classification"))
            }
            clearance = level
        }
        let amr = Set(token.claims["amr"]?.strings ?? [])
        let acr = token.claims["acr"]?.string
        let multiFactor = !amr.isDisjoint(with: multiFactorMethods) || acr.map(multiFactorContexts.contains) == true
        let principal = Principal(id: principalPrefix + token.subject, tenant: tenantName, kind: .user,
                                  displayName: token.claims["name"]?.string ?? token.subject, roles: roles, groups: groups,
                                  attributes: PrincipalAttributes(clearance: clearance))
        return .success((principal, multiFactor))
    }
}
