public import Foundation
public import RampartPolicy
import Synchronization

/// The response measures in force, as the gateway consults them on every request: a snapshot replaced whole when
/// the response imposes or lifts a measure, or when the store is read again (other instances, the command line).
public final class ContainmentBoard: Sendable {
    /// The measures, and the changes this gateway made to them with the generation each was made at: a snapshot read
    /// from the store while a change was being made must not undo it.
    private struct State {
        var measures: [Containment] = []
        var generation: UInt64 = 0
        var changes: [(generation: UInt64, change: Change)] = []
    }

    private enum Change {
        case impose([Containment])
        case lift(String)
    }

    private let state = Mutex(State())
    let reference: @Sendable (_ tenant: String, _ id: String) -> String

    /// - Parameter reference: a person's keyed reference from tenant and id, as the audit log records it.
    public init(reference: @escaping @Sendable (_ tenant: String, _ id: String) -> String = { _, id in id }) {
        self.reference = reference
    }

    /// The generation to pass to `replace(with:readSince:)`: take it before reading the store.
    public var generation: UInt64 { state.withLock { $0.generation } }

    /// Replaces the measures with those read from the store, keeping the changes this gateway made after
    /// `generation` (which the read may have missed); changes up to it were stored before the read began.
    public func replace(with measures: [Containment], readSince generation: UInt64) {
        state.withLock { state in
            state.changes.removeAll { $0.generation <= generation }
            state.measures = measures
            for (_, change) in state.changes { Self.apply(change, to: &state.measures) }
        }
    }

    /// Adds or replaces (by id) measures; they are stored first.
    public func impose(_ added: [Containment]) {
        record(.impose(added))
    }

    /// Drops a measure (lifted by an administrator through this gateway); it is stored first.
    public func lift(_ id: String) {
        record(.lift(id))
    }

    private func record(_ change: Change) {
        state.withLock { state in
            state.generation += 1
            state.changes.append((state.generation, change))
            // Without a store read to retire them (detection off), keep the log bounded; the measures stay applied.
            if state.changes.count > 4096 { state.changes.removeFirst(state.changes.count - 4096) }
            Self.apply(change, to: &state.measures)
        }
    }

    private static func apply(_ change: Change, to measures: inout [Containment]) {
        switch change {
        case .impose(let added):
            let ids = Set(added.map(\.id))
            measures.removeAll { ids.contains($0.id) }
            measures += added
        case .lift(let id):
            measures.removeAll { $0.id == id }
        }
    }

    public var current: [Containment] { state.withLock { $0.measures } }

    /// What the measures say about `caller` at `now`.
    public func facts(for caller: Caller, at now: Date) -> ContainmentFacts {
        let measures = state.withLock { $0.measures }
        guard !measures.isEmpty else { return .none }
        return ContainmentFacts(measures, for: caller, at: now, reference: reference)
    }
}
