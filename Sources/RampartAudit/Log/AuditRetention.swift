public import Foundation

/// How long entries' records are kept, per data classification of the call they record, with a default for
/// the rest (and for entries without a classification: key usage, authentication failures). Nil: kept forever.
/// A purge removes the record and keeps the leaf hash, so the tree, its checkpoints and proofs of other entries
/// still verify; the verifier counts purged entries.
public struct AuditRetention: Sendable, Hashable {
    public var days: [String: Int]
    public var defaultDays: Int?

    public init(days: [String: Int] = [:], defaultDays: Int? = nil) {
        self.days = days
        self.defaultDays = defaultDays
    }

    /// One purge: the records of entries of `classifications` (nil: every other classification and none) recorded
    /// before `cutoff`.
    public struct Rule: Sendable, Hashable {
        public var classification: String?
        public var cutoff: Date
    }

    /// The purges due at `now`.
    public func rules(at now: Date) -> [Rule] {
        var rules = days.sorted { $0.key < $1.key }.map { Rule(classification: $0.key, cutoff: now.addingTimeInterval(-Double($0.value) * 86_400)) }
        if let defaultDays { rules.append(Rule(classification: nil, cutoff: now.addingTimeInterval(-Double(defaultDays) * 86_400))) }
        return rules
    }
}
