public import RampartCore

/// Why an audit operation failed, with a stable code.
public struct AuditError: Error, Sendable, Hashable, CodedError {
    public enum Code: String, Sendable {
        case malformedCheckpoint = "audit.malformed_checkpoint"
        case signing = "audit.signing"
        case storage = "audit.storage"
        case noSuchEntry = "audit.no_such_entry"
        case unavailable = "audit.unavailable"
        case sealing = "audit.sealing"
        case inconsistent = "audit.inconsistent"
        case malformedReceipt = "audit.malformed_receipt"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}
