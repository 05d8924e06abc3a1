import Foundation

/// Recomputes the log from storage and checks it: every record against its leaf hash, its position and the chain
/// to the entry before; the tree against every stored checkpoint (root and signature with the trusted key) and
/// against a checkpoint kept outside the database, if given. Reads entries in pages; memory stays flat.
public struct AuditVerifier: Sendable {
    public var store: AuditStore
    /// The key checkpoints must be signed with (the operator's, or one an auditor was given).
    public var verifier: NoteVerifier
    /// Checkpoints from outside the database (a SIEM, a witness, a copy an auditor kept): they catch a rollback
    /// that deleted the stored checkpoints too.
    public var trusted: [SignedNote]
    public var pageSize: Int
    /// Called after every page with the entries read so far.
    public var progress: @Sendable (Int) -> Void
    /// Problems listed before the rest are only counted.
    public var maximumProblems = 100

    public init(store: AuditStore, verifier: NoteVerifier, trusted: [SignedNote] = [], pageSize: Int = 20_000,
                progress: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.store = store
        self.verifier = verifier
        self.trusted = trusted
        self.pageSize = pageSize
        self.progress = progress
    }

    struct Expected {
        var size: Int
        var root: TreeHash
        var source: String
    }

    public func verify() async throws(AuditError) -> AuditVerification {
        var result = AuditVerification()
        func problem(_ code: AuditVerification.Problem.Code, entry: Int? = nil, checkpoint: Int? = nil, _ message: String) {
            guard result.problems.count < maximumProblems else {
                result.truncated = true
                return
            }
            result.problems.append(.init(code: code, entry: entry, checkpoint: checkpoint, message: message))
        }

        // The checkpoints to meet on the way: stored ones and trusted ones, each signature checked first.
        var expected: [Expected] = []
        let stored: [AuditStore.StoredCheckpoint]
        do { stored = try await store.checkpoints() } catch { throw AuditError(.storage, "the audit checkpoints cannot be read: \(error)") }
        for checkpoint in stored {
            guard let note = try? SignedNote(parsing: checkpoint.note), let head = try? Checkpoint(body: note.text) else {
                problem(.malformedCheckpoint, checkpoint: checkpoint.size, "the stored checkpoint at size \(checkpoint.size) cannot be read")
                continue
            }
            guard verifier.verifies(note), head.origin == verifier.name else {
                problem(.badSignature, checkpoint: checkpoint.size, "the checkpoint at size \(checkpoint.size) is not signed by \(verifier.name)'s key")
                continue
            }
            guard head.size == checkpoint.size, head.root.bytes == checkpoint.root else {
                problem(.malformedCheckpoint, checkpoint: checkpoint.size, "the stored checkpoint at size \(checkpoint.size) does not match its signed note")
                continue
            }
            expected.append(Expected(size: head.size, root: head.root, source: "checkpoint"))
        }
        for note in trusted {
            guard verifier.verifies(note), let head = try? Checkpoint(body: note.text), head.origin == verifier.name else {
                problem(.badSignature, "a trusted checkpoint given to the verifier is not signed by \(verifier.name)'s key")
                continue
            }
            expected.append(Expected(size: head.size, root: head.root, source: "trusted checkpoint"))
        }
        expected.sort { $0.size < $1.size }
        var next = 0
        var lastGood = 0
        var tree = CompactRange()

        func meetCheckpoints() {
            while next < expected.count, expected[next].size == tree.size {
                let checkpoint = expected[next]
                next += 1
                result.checkpoints += 1
                result.latestCheckpoint = checkpoint.size
                if tree.root != checkpoint.root {
                    problem(.rootMismatch, entry: lastGood, checkpoint: checkpoint.size,
                            "the \(checkpoint.source) at size \(checkpoint.size) does not match the entries: an entry from \(lastGood) to \(checkpoint.size - 1) was changed together with its stored hash")
                } else {
                    lastGood = checkpoint.size
                }
            }
        }
        meetCheckpoints()

        // The leaf hash the next record must chain to; nil after a gap.
        var previous: TreeHash? = AuditEntry.origin
        var after = -1
        do {
            while true {
                let page = try await store.entries(after: after, limit: pageSize)
                for row in page {
                    if row.sequence != tree.size {
                        problem(.missing, entry: tree.size, row.sequence == tree.size + 1 ? "entry \(tree.size) is missing"
                                : "entries \(tree.size) to \(row.sequence - 1) are missing")
                        // Go on from the row found, so that later problems are still named.
                        while tree.size < row.sequence {
                            tree.append(.empty)
                            meetCheckpoints()
                        }
                        previous = nil
                    }
                    let sequence = row.sequence
                    guard let leaf = TreeHash(row.leafHash) else {
                        problem(.malformed, entry: sequence, "entry \(sequence)'s stored hash is not 32 bytes")
                        tree.append(.empty)
                        meetCheckpoints()
                        previous = nil
                        continue
                    }
                    if let record = row.record {
                        if let header = AuditEntry.header(of: record) {
                            if TreeHash.leaf(record) != leaf {
                                problem(.modified, entry: sequence, "entry \(sequence) was modified: its record does not match its hash")
                            } else if header.sequence != sequence {
                                problem(.misplaced, entry: sequence, "entry \(sequence) holds the record of entry \(header.sequence): entries were moved or inserted")
                            } else if let previous, !header.previous.elementsEqual(previous.bytes) {
                                problem(.rewritten, entry: max(0, sequence - 1), sequence == 0 ? "entry 0 does not begin the chain: it was replaced"
                                        : "entry \(sequence - 1) was rewritten: entry \(sequence) chains to a different hash")
                            }
                        } else {
                            problem(.malformed, entry: sequence, "entry \(sequence)'s record is not an audit record")
                        }
                    } else {
                        result.purged += 1
                    }
                    previous = leaf
                    tree.append(leaf)
                    meetCheckpoints()
                }
                result.entries += page.count
                progress(result.entries)
                guard let last = page.last else { break }
                after = last.sequence
            }
        } catch {
            throw AuditError(.storage, "the audit log cannot be read: \(error)")
        }
        for checkpoint in expected[next...] {
            problem(.rolledBack, entry: tree.size, checkpoint: checkpoint.size,
                    "the log holds \(tree.size) entries but the \(checkpoint.source) at size \(checkpoint.size) was signed for more: entries \(tree.size) to \(checkpoint.size - 1) are gone (rolled back)")
        }
        result.root = tree.root
        result.unsigned = tree.size - (result.latestCheckpoint ?? 0)
        if result.unsigned < 0 { result.unsigned = 0 }
        return result
    }
}
