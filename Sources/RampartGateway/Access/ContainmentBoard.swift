public import Foundation
public import RampartPolicy
import Synchronization

/// The response measures in force, as the gateway consults them on every request: a snapshot replaced whole when
/// the response imposes or lifts a measure, or when the store is read again (other instances, the command line).
public final class ContainmentBoard: Sendable {
    private let measures = Mutex<[Containment]>([])
    let reference: @Sendable (_ tenant: String, _ id: String) -> String

    /// - Parameter reference: a person's keyed reference from tenant and id, as the audit log records it.
    public init(reference: @escaping @Sendable (_ tenant: String, _ id: String) -> String = { _, id in id }) {
        self.reference = reference
    }

    /// Replaces the measures.
    public func replace(with measures: [Containment]) {
        self.measures.withLock { $0 = measures }
    }

    /// Adds or replaces (by id) measures.
    public func impose(_ added: [Containment]) {
        measures.withLock { current in
            let ids = Set(added.map(\.id))
            current.removeAll { ids.contains($0.id) }
            current += added
        }
    }

    /// Drops a measure (lifted by an administrator through this gateway).
    public func lift(_ id: String) {
        measures.withLock { $0.removeAll { $0.id == id } }
    }

    public var current: [Containment] { measures.withLock { $0 } }

    /// What the measures say about `caller` at `now`.
    public func facts(for caller: Caller, at now: Date) -> ContainmentFacts {
        let measures = self.measures.withLock { $0 }
        guard !measures.isEmpty else { return .none }
        return ContainmentFacts(measures, for: caller, at: now, reference: reference)
    }
}
