/// An authenticated caller: who it is and how it proved it.
public struct Caller: Sendable, Hashable {
    public var principal: Principal
    public var authentication: AuthenticationFacts

    public init(principal: Principal, authentication: AuthenticationFacts) {
        self.principal = principal
        self.authentication = authentication
    }
}

/// The credentials a request presents, as read off the wire before anything is trusted.
public struct PresentedCredentials: Sendable, Hashable {
    /// The value of `Authorization: Bearer ...` (or `x-api-key`).
    public var bearer: String?
    /// The verified client certificate's subject, from the TLS handshake.
    public var certificateSubject: String?
    /// The verified client certificate's subject alternative names (DNS names and URIs).
    public var certificateNames: [String]

    public init(bearer: String? = nil, certificateSubject: String? = nil, certificateNames: [String] = []) {
        self.bearer = bearer
        self.certificateSubject = certificateSubject
        self.certificateNames = certificateNames
    }
}

/// Why authentication failed. Clients get a generic 401; the reason goes to the server log and the audit record.
public struct AuthenticationFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable reason code, e.g. `apikey.revoked`, `jwt.expired`.
    public var reason: String
    /// Detail safe to log (never the credential itself).
    public var detail: String

    public init(_ reason: String, _ detail: String = "") {
        self.reason = reason
        self.detail = detail
    }

    public var description: String { detail.isEmpty ? reason : "\(reason): \(detail)" }
}

/// Turns presented credentials into a caller, or says why not.
public protocol Authenticator: Sendable {
    func authenticate(_ credentials: PresentedCredentials) async -> Result<Caller, AuthenticationFailure>
}
