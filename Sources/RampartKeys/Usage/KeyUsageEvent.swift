public import Foundation

/// One use of a key, for the audit log: who did what, under which key version, for which object, which rules
/// decided, and how it ended. Never key material or plaintext.
public struct KeyUsageEvent: Sendable, Hashable {
    public enum Operation: String, Sendable, Hashable {
        case seal, open, rotate, retire, shred, rewrap
    }

    public enum Outcome: Sendable, Hashable {
        case success
        case failure(KeyError.Code)
    }

    public var operation: Operation
    public var tenant: String
    public var owner: String
    public var purpose: String?
    public var version: Int?
    public var objectID: String?
    public var outcome: Outcome
    public var at: Date
    /// Who asked (`rampart`, `local-operator`, or a principal id).
    public var caller: String
    /// The policy rules that decided (the permits on success, the forbids on a denial; none on a default deny).
    public var rules: [String]
    /// Whether the use must raise an alert (break-glass decryption).
    public var alert: Bool
    /// Whether the caller is a person (a break-glass user): their id is personal data, sealed in the audit log.
    public var callerIsPerson: Bool

    public init(operation: Operation, tenant: String, owner: String, purpose: String?, version: Int? = nil, objectID: String? = nil,
                outcome: Outcome, at: Date, caller: String = "rampart", rules: [String] = [], alert: Bool = false, callerIsPerson: Bool = false) {
        self.operation = operation
        self.tenant = tenant
        self.owner = owner
        self.purpose = purpose
        self.version = version
        self.objectID = objectID
        self.outcome = outcome
        self.at = at
        self.caller = caller
        self.rules = rules
        self.alert = alert
        self.callerIsPerson = callerIsPerson
    }
}
