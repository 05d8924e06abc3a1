public import Foundation

/// A measure an automated response (or an administrator) put in place against a principal, a credential or a
/// workload: in force from `imposedAt` until `until` (nil: until lifted). The gateway turns the measures in force
/// into ``ContainmentFacts`` for each request, and the built-in `builtin.containment.*` rules forbid accordingly.
public struct Containment: Sendable, Hashable, Identifiable {
    public enum Measure: String, Sendable, Hashable, CaseIterable, Codable {
        /// Every request of the principal is refused.
        case suspendPrincipal = "suspend-principal"
        /// Every request made with the credential (an API key id) is refused.
        case suspendCredential = "suspend-credential"
        /// Every call to the workload is refused, whoever makes it.
        case quarantineWorkload = "quarantine-workload"
        /// The principal's calls are held to `requestsPerMinute`.
        case tightenRateLimit = "tighten-rate-limit"
        /// The principal must prove a second factor on every request.
        case requireMFA = "require-mfa"
    }

    public var id: String
    public var measure: Measure
    /// A principal id (a person as `subject:REF`, their keyed reference), an API key id or a workload name.
    public var target: String
    public var tenant: String?
    /// For `tightenRateLimit`.
    public var requestsPerMinute: Int?
    public var imposedAt: Date
    public var until: Date?
    /// Why: the finding uid and the playbook, or the administrator's note.
    public var reason: String

    public init(id: String, measure: Measure, target: String, tenant: String?, requestsPerMinute: Int? = nil, imposedAt: Date, until: Date?,
                reason: String) {
        self.id = id
        self.measure = measure
        self.target = target
        self.tenant = tenant
        self.requestsPerMinute = requestsPerMinute
        self.imposedAt = imposedAt
        self.until = until
        self.reason = reason
    }

    /// Whether the measure is in force at `now`.
    public func inForce(at now: Date) -> Bool { imposedAt <= now && until.map { now < $0 } ?? true }
}

/// What the measures in force say about one request: the facts the `builtin.containment.*` rules read.
public struct ContainmentFacts: Sendable, Hashable {
    /// The ids of the measures suspending the caller (its principal or its credential).
    public var suspendedBy: [String]
    /// Quarantined workloads, by name.
    public var quarantinedWorkloads: Set<String>
    /// Whether the caller must prove a second factor.
    public var multiFactorRequired: Bool
    /// The tightest request rate imposed on the caller, if any.
    public var requestsPerMinute: Int?

    public init(suspendedBy: [String] = [], quarantinedWorkloads: Set<String> = [], multiFactorRequired: Bool = false, requestsPerMinute: Int? = nil) {
        self.suspendedBy = suspendedBy
        self.quarantinedWorkloads = quarantinedWorkloads
        self.multiFactorRequired = multiFactorRequired
        self.requestsPerMinute = requestsPerMinute
    }

    public static let none = ContainmentFacts()
}

extension ContainmentFacts {
    /// What `measures` say about `caller` at `now`. A measure on a principal names its id, or for a person
    /// (whose id the audit log never holds in the clear) `subject:REF`, with `reference` computing a person's REF
    /// from tenant and id; a measure with a tenant applies only in that tenant.
    public init(_ measures: [Containment], for caller: Caller, at now: Date, reference: (_ tenant: String, _ id: String) -> String) {
        self.init()
        let principal = caller.principal
        var personal: String?
        func isCaller(_ measure: Containment) -> Bool {
            if let tenant = measure.tenant, tenant != principal.tenant { return false }
            if measure.target == principal.id { return true }
            guard principal.kind == .user, measure.target.hasPrefix("subject:") else { return false }
            if personal == nil { personal = "subject:" + reference(principal.tenant, principal.id) }
            return measure.target == personal
        }
        for measure in measures where measure.inForce(at: now) {
            switch measure.measure {
            case .suspendPrincipal:
                if isCaller(measure) { suspendedBy.append(measure.id) }
            case .suspendCredential:
                if measure.target == caller.authentication.credentialID, measure.tenant.map({ $0 == principal.tenant }) ?? true {
                    suspendedBy.append(measure.id)
                }
            case .quarantineWorkload:
                quarantinedWorkloads.insert(measure.target)
            case .tightenRateLimit:
                if isCaller(measure), let rate = measure.requestsPerMinute { requestsPerMinute = min(requestsPerMinute ?? rate, rate) }
            case .requireMFA:
                if isCaller(measure) { multiFactorRequired = true }
            }
        }
    }
}
