/// What `rampart audit verify` found: a value, never a throw, with every problem named by entry or checkpoint.
public struct AuditVerification: Sendable, Hashable {
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public enum Code: String, Sendable, Hashable {
            /// An entry's record does not hash to its stored leaf hash.
            case modified = "audit.entry_modified"
            /// A sequence number has no entry.
            case missing = "audit.entry_missing"
            /// An entry holds the record of another position.
            case misplaced = "audit.entry_misplaced"
            /// An entry's record cannot be read as one.
            case malformed = "audit.entry_malformed"
            /// The entry after this one chains to a different hash: this entry was rewritten with its hash.
            case rewritten = "audit.entry_rewritten"
            /// A checkpoint's root differs from the tree recomputed from storage.
            case rootMismatch = "audit.checkpoint_root_mismatch"
            /// A checkpoint's signature does not verify with the trusted key.
            case badSignature = "audit.checkpoint_bad_signature"
            /// A checkpoint covers more entries than storage holds.
            case rolledBack = "audit.rolled_back"
            /// A stored checkpoint cannot be read.
            case malformedCheckpoint = "audit.checkpoint_malformed"
        }

        public var code: Code
        /// The first entry the problem concerns, if one can be named.
        public var entry: Int?
        /// The size of the checkpoint concerned, if any.
        public var checkpoint: Int?
        public var message: String

        public var description: String { message }
    }

    /// Entries read from storage.
    public var entries = 0
    /// Entries whose record retention purged (their leaf hashes still count).
    public var purged = 0
    /// Checkpoints whose signature and root were checked, and the largest of them.
    public var checkpoints = 0
    public var latestCheckpoint: Int?
    /// Entries after the latest checkpoint: consistent, but not yet covered by a signature.
    public var unsigned = 0
    /// The root of the whole tree as recomputed.
    public var root: TreeHash = .empty
    public var problems: [Problem] = []
    /// More problems were found than are listed.
    public var truncated = false

    public var passed: Bool { problems.isEmpty }

    /// The problem of the earliest entry: one naming the entry itself first, then a checkpoint's range, then any.
    public var first: Problem? {
        func earliest(_ list: [Problem]) -> Problem? { list.filter { $0.entry != nil }.min { $0.entry! < $1.entry! } }
        return earliest(problems.filter { $0.code != .rootMismatch }) ?? earliest(problems) ?? problems.first
    }
}
