public import RampartPolicy

/// Who uses a key. Every operation of ``KeyHierarchy`` is decided by the policy engine for its caller: encrypt and
/// decrypt are separate permissions, people decrypt only under break-glass, and every use, allowed or denied, is a
/// key-usage event naming the caller and the rules that decided.
public enum KeyCaller: Sendable, Hashable {
    /// Rampart's own services in process: the gateway's pseudonym vault, key rotation, rewrap.
    case rampart
    /// The operator's command line, with direct access to the data directory and the providers' credentials.
    case localOperator
    /// An authenticated principal: a service identity with an API key or client certificate, or a person with an
    /// OIDC token (break-glass needs MFA).
    case identity(Caller)

    /// The caller as the policy engine sees it, acting in `tenant`. Rampart and the local operator act in whichever
    /// tenant they are asked about; an identity only in its own.
    public func caller(in tenant: String) -> Caller {
        switch self {
        case .rampart:
            Caller(principal: Principal(id: "rampart", tenant: tenant, kind: .service, displayName: "Rampart"),
                   authentication: AuthenticationFacts(method: .system, credentialID: "in-process"))
        case .localOperator:
            Caller(principal: Principal(id: "local-operator", tenant: tenant, kind: .user, displayName: "the local operator"),
                   authentication: AuthenticationFacts(method: .local, credentialID: "command-line"))
        case .identity(let caller):
            caller
        }
    }

    /// Whether the caller is a person (an identity of kind user): its name is personal data.
    public var isPerson: Bool {
        if case .identity(let caller) = self { return caller.principal.kind == .user }
        return false
    }

    /// The caller's name in key-usage events.
    public var name: String {
        switch self {
        case .rampart: "rampart"
        case .localOperator: "local-operator"
        case .identity(let caller): caller.principal.id
        }
    }
}
