/// The answer to one authorization question, with the rules that decided it. A value, never an error.
public struct Decision: Sendable, Hashable, CustomStringConvertible {
    public var allowed: Bool
    public var action: Action
    public var resource: Resource
    /// The permits that applied (on allow, the rules that decided).
    public var permittedBy: [String]
    /// The forbids that applied (on deny, the rules that decided; forbid wins over any permit).
    public var forbiddenBy: [String]
    /// Rules that ask for an alert on each use and applied (break-glass).
    public var alerts: [String]

    /// The rules that decided: the forbids on a forbid, the permits on an allow, none on a default deny.
    public var decidingRules: [String] { allowed ? permittedBy : forbiddenBy }

    /// Whether nothing permitted and nothing forbade: the default deny.
    public var isDefaultDeny: Bool { !allowed && forbiddenBy.isEmpty }

    /// A sentence for the caller: what was missing. It names the permission and the resource the caller asked for
    /// and nothing else (never another tenant's data).
    public var refusal: String {
        "missing permission \(action) on \(resource)"
    }

    public var description: String {
        if allowed { return "ALLOW \(action) on \(resource): permitted by \(permittedBy.joined(separator: ", "))" }
        if !forbiddenBy.isEmpty { return "DENY \(action) on \(resource): forbidden by \(forbiddenBy.joined(separator: ", "))" }
        return "DENY \(action) on \(resource): no rule permits it (default deny)"
    }
}
