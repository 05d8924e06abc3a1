public import Foundation
public import RampartCore

/// Someone or something that calls Rampart: a person, a service account or an application, in one tenant.
public struct Principal: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A person; people sign in through OIDC and can prove MFA.
        case user
        /// A service account (another system, usually with mutual TLS or an API key).
        case service
        /// An application that invokes the workloads it is granted.
        case application

        public init(from decoder: any Decoder) throws { self = try decodeClosedEnum(Self.self, from: decoder) }
    }

    public var id: String
    public var tenant: String
    public var kind: Kind
    public var displayName: String
    public var roles: Set<String>
    public var groups: Set<String>
    public var attributes: PrincipalAttributes
    /// A disabled principal authenticates by no means at all.
    public var disabled: Bool

    public init(id: String, tenant: String, kind: Kind, displayName: String? = nil, roles: Set<String> = [], groups: Set<String> = [],
                attributes: PrincipalAttributes = PrincipalAttributes(), disabled: Bool = false) {
        self.id = id
        self.tenant = tenant
        self.kind = kind
        self.displayName = displayName ?? id
        self.roles = roles
        self.groups = groups
        self.attributes = attributes
        self.disabled = disabled
    }
}

/// What policies may test about a principal besides its roles and groups.
public struct PrincipalAttributes: Sendable, Hashable, Codable {
    /// The most sensitive data the principal is cleared to see.
    public var clearance: DataClassification
    public var department: String?
    /// Where the principal is (for region conditions), e.g. `eu`.
    public var region: String?
    /// Workloads granted to the principal (what the `application` role may invoke).
    public var workloads: Set<String>
    /// Until when a `break-glass` role is usable; it grants nothing without it or after it.
    public var breakGlassUntil: Date?

    public init(clearance: DataClassification = .internal, department: String? = nil, region: String? = nil,
                workloads: Set<String> = [], breakGlassUntil: Date? = nil) {
        self.clearance = clearance
        self.department = department
        self.region = region
        self.workloads = workloads
        self.breakGlassUntil = breakGlassUntil
    }

    enum CodingKeys: String, CodingKey {
        case clearance, department, region, workloads
        case breakGlassUntil = "break_glass_until"
    }
}
