public import Foundation

/// Where finished requests go: the audit log. `record` returns once the record is durable, and throws when it
/// cannot be made so; the gateway then withholds the answer (fails closed).
public protocol CallRecorder: Sendable {
    func record(_ call: RecordedCall) async throws
}

/// A finished request as the gateway saw it.
public struct RecordedCall: Sendable {
    public var requestID: String
    public var method: String
    /// The path, without the query.
    public var path: String
    public var status: Int
    /// The stable error code of a refused or failed request.
    public var errorCode: String?
    public var started: Date
    public var latency: Duration
    public var facts: CallFacts
}
