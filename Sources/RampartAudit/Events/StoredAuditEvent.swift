public import Foundation

/// A stored record read back as the event it holds: its number, id, kind, time and canonical facts. What every reader
/// of the log (the SIEM exports, detection) starts from.
public struct StoredAuditEvent: Sendable, Hashable {
    public var sequence: Int
    public var id: String
    public var kind: AuditEvent.Kind
    public var time: Date
    /// The event's canonical object, personal facts in their sealed form.
    public var facts: CanonicalJSON

    /// Nil when `record` is not a readable event stored at `sequence`.
    public init?(record: [UInt8], sequence: Int) {
        guard let entry = AuditEntry(record: record), entry.sequence == sequence, let facts = try? CanonicalJSON(parsing: entry.event) else { return nil }
        self.init(facts: facts, sequence: sequence)
    }

    /// The event whose canonical object is `facts`, stored at `sequence`, as a reader of its record would see it:
    /// for the events a log hands on as it commits them, without writing and parsing them again. Nil when `facts`
    /// lacks the id, kind or time every event has.
    public init?(facts: CanonicalJSON, sequence: Int) {
        guard let id = facts["id"]?.string, let kind = facts["kind"]?.string.flatMap(AuditEvent.Kind.init(rawValue:)),
              let time = facts["time"]?.string.flatMap(AuditEvent.parseTimestamp)
        else { return nil }
        self.sequence = sequence
        self.id = id
        self.kind = kind
        self.time = time
        self.facts = facts
    }

    /// The tenant the event is about: the actor's, the sealed subject's, an operator action's object's, or the key's.
    public var tenant: String? {
        facts["actor"]?["tenant"]?.string ?? facts["personal"]?["tenant"]?.string ?? facts["object"]?["tenant"]?.string
            ?? facts["key"]?["tenant"]?.string
    }
}
