import Foundation

/// A tree head in the C2SP tlog-checkpoint format: the log's origin, its size and root hash, one per line.
///
/// ```
/// rampart.local/audit
/// 1024
/// 3Vs0Iu4aVBvsoCqH5KEwT9ocSOrKHk6smF5sGZ7c2ss=
/// ```
public struct Checkpoint: Sendable, Hashable {
    public var origin: String
    public var size: Int
    public var root: TreeHash

    public init(origin: String, size: Int, root: TreeHash) {
        self.origin = origin
        self.size = size
        self.root = root
    }

    /// The note body: three lines, each ending in a newline.
    public var body: String { "\(origin)\n\(size)\n\(Data(root.bytes).base64EncodedString())\n" }

    /// Reads a note body; extension lines after the root are allowed and ignored, as the format asks.
    public init(body: String) throws(AuditError) {
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        guard body.hasSuffix("\n"), lines.count >= 4, !lines[0].isEmpty else {
            throw AuditError(.malformedCheckpoint, "a checkpoint has an origin, a size and a root hash, each on a line of its own")
        }
        guard let size = Int(lines[1]), size >= 0, String(size) == lines[1] else {
            throw AuditError(.malformedCheckpoint, "the checkpoint's size '\(lines[1])' is not a decimal number")
        }
        guard let bytes = Data(base64Encoded: String(lines[2])), let root = TreeHash(bytes) else {
            throw AuditError(.malformedCheckpoint, "the checkpoint's root hash is not 32 bytes of base64")
        }
        self.init(origin: String(lines[0]), size: size, root: root)
    }
}
