public import RampartPolicy
import Synchronization

/// What the pipeline learned about one request, for its audit record: who called, what was decided and by which
/// rules, which route and deployment, what the detectors found and did, the usage and cost. Every stage writes
/// into the request's trail; the audit middleware reads it when the answer is complete. Never a credential, a
/// prompt or a completion: only names, codes and counts.
public final class CallTrail: Sendable {
    private let facts = Mutex(CallFacts())
    private let recorded = Mutex(false)

    public init() {}

    /// The facts so far.
    public var snapshot: CallFacts { facts.withLock { $0 } }

    /// Changes the facts.
    public func update(_ change: (inout CallFacts) -> Void) { facts.withLock { change(&$0) } }

    /// True the first time only: a request is recorded once, however its answer ends.
    func claimRecording() -> Bool {
        recorded.withLock { done in
            defer { done = true }
            return !done
        }
    }
}

/// The facts of a request's audit record.
public struct CallFacts: Sendable {
    public var caller: Caller?
    /// Why authentication failed (a reason code such as `apikey.unknown`), when it did.
    public var authenticationFailure: String?
    public var route: ModelRoute?
    /// The authorization decision on the route (or on the action refused).
    public var decision: Decision?
    public var deployment: Deployment?
    public var findings: [FindingCount] = []
    public var usage: TokenUsage?
    /// What the call cost, in millionths of the currency unit, when the model has a price.
    public var costMicros: Int64?
    /// The end user the caller named in the request (OpenAI's `user`): a data subject.
    public var endUser: String?
    /// How a streamed answer ended when it did not finish (an error code).
    public var streamFailure: String?
    public var streamed = false
    /// The network the client connected from (a /24 or /48 prefix, never the address).
    public var network: String?
    /// The prompt's similarity signature, for calls to fine-tuned and self-trained models.
    public var promptSignature: UInt64?

    public init() {}

    /// Counts a detector finding and what was done about it.
    public mutating func found(_ direction: FindingCount.Direction, category: String, type: String, action: String) {
        if let i = findings.firstIndex(where: { $0.direction == direction && $0.category == category && $0.type == type && $0.action == action }) {
            findings[i].count += 1
        } else {
            findings.append(FindingCount(direction: direction, category: category, type: type, action: action, count: 1))
        }
    }
}

/// Findings of one type, in one direction, with one action taken, counted.
public struct FindingCount: Sendable, Hashable {
    public enum Direction: String, Sendable, Hashable {
        case input, output
    }

    public var direction: Direction
    public var category: String
    public var type: String
    public var action: String
    public var count: Int
}
