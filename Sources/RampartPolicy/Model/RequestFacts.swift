public import Foundation

/// What is known about the request itself: when, how the caller proved who it is, and what its credential allows.
public struct RequestFacts: Sendable, Hashable {
    public var now: Date
    public var authentication: AuthenticationFacts
    /// The automated response's measures that bear on this caller.
    public var containment: ContainmentFacts

    public init(now: Date, authentication: AuthenticationFacts, containment: ContainmentFacts = .none) {
        self.now = now
        self.authentication = authentication
        self.containment = containment
    }
}

/// How a caller authenticated.
public struct AuthenticationFacts: Sendable, Hashable {
    public enum Method: String, Sendable, Hashable, Codable, CaseIterable {
        case apiKey = "api-key"
        case oidc
        case mutualTLS = "mtls"
        /// The operator's own command line, with direct access to the data directory.
        case local
        /// Rampart's own services in process (the pseudonym vault, key rotation and rewrap); no credential a
        /// client presents maps to it.
        case system
    }

    public var method: Method
    /// Whether the caller proved a second factor (OIDC `amr`/`acr`).
    public var multiFactor: Bool
    /// The credential's own limits (an API key scoped to some workloads and models); nil when it has none.
    public var scope: CredentialScope?
    /// The credential's id, for logs and audit (an API key id, a token's `jti`, a certificate subject); never secret.
    public var credentialID: String

    public init(method: Method, multiFactor: Bool = false, scope: CredentialScope? = nil, credentialID: String) {
        self.method = method
        self.multiFactor = multiFactor
        self.scope = scope
        self.credentialID = credentialID
    }
}

/// The workloads and models a credential is limited to; an empty set does not limit.
public struct CredentialScope: Sendable, Hashable, Codable {
    public var workloads: Set<String>
    public var models: Set<String>

    public init(workloads: Set<String> = [], models: Set<String> = []) {
        self.workloads = workloads
        self.models = models
    }

    /// Whether a model resource is inside this scope.
    public func contains(_ resource: Resource) -> Bool {
        guard resource.kind == .model else { return true }
        if !models.isEmpty, !models.contains(resource.id) { return false }
        if !workloads.isEmpty, !(resource.workload.map(workloads.contains) ?? false) { return false }
        return true
    }
}
