import Synchronization

/// The events a log has committed, kept in memory for a reader in the same process (detection), so that it need
/// not read them back from storage and parse them again.
///
/// Only ever a shortcut: bounded, it drops its oldest events when full, and it holds only what this process
/// committed. A reader takes the events from its place on when the tail holds them without a gap, and reads the
/// log otherwise (the tail overflowed, another instance appended to the same log, a commit's answer was lost).
public final class AuditTail: Sendable {
    /// The most events held; beyond it the oldest go.
    public let capacity: Int
    /// In the order committed: rising sequence numbers, with gaps where others' entries went.
    private let events = Mutex<[StoredAuditEvent]>([])

    public init(capacity: Int = 2048) {
        precondition(capacity > 0, "an audit tail holds at least one event")
        self.capacity = capacity
    }

    /// Hands on the events of one committed batch, in order.
    func append(_ committed: [StoredAuditEvent]) {
        events.withLock { events in
            events += committed
            if events.count > capacity { events.removeFirst(events.count - capacity) }
        }
    }

    /// The events from `sequence` on, at most `limit`, in order and without a gap, removed from the tail; nil when
    /// the tail does not hold the event at `sequence` (the reader reads the log instead). Events before `sequence`
    /// are dropped: the reader is past them.
    public func take(from sequence: Int, limit: Int) -> [StoredAuditEvent]? {
        events.withLock { events -> [StoredAuditEvent]? in
            events.removeFirst(events.firstIndex { $0.sequence >= sequence } ?? events.count)
            guard let first = events.first, first.sequence == sequence, limit > 0 else { return nil }
            var end = 1
            while end < min(limit, events.count), events[end].sequence == sequence + end { end += 1 }
            defer { events.removeFirst(end) }
            return Array(events[..<end])
        }
    }

    /// The number of events held.
    public var count: Int { events.withLock { $0.count } }
}
