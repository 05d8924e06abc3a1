public import Foundation

/// One use of a key, for the audit log: what was done, under which key version, for which object, and how it
/// ended. Never key material or plaintext.
public struct KeyUsageEvent: Sendable, Hashable {
    public enum Operation: String, Sendable, Hashable {
        case seal, open, rotate, retire, shred
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

    public init(operation: Operation, tenant: String, owner: String, purpose: String?, version: Int? = nil, objectID: String? = nil,
                outcome: Outcome, at: Date) {
        self.operation = operation
        self.tenant = tenant
        self.owner = owner
        self.purpose = purpose
        self.version = version
        self.objectID = objectID
        self.outcome = outcome
        self.at = at
    }
}
