/// The right edge of a growing Merkle tree: the roots of its perfect subtrees, largest first. Appending a leaf
/// costs amortised one node hash, and the root of the whole tree is always at hand, so the log and the verifier
/// never hold more than log2(n) hashes however long the log grows.
public struct CompactRange: Sendable, Hashable {
    /// (height, hash) of each perfect subtree, left to right.
    public private(set) var peaks: [(height: Int, hash: TreeHash)] = []
    public private(set) var size = 0

    public init() {}

    public mutating func append(_ leaf: TreeHash) {
        var height = 0
        var hash = leaf
        while let last = peaks.last, last.height == height {
            peaks.removeLast()
            hash = .node(last.hash, hash)
            height += 1
        }
        peaks.append((height, hash))
        size += 1
    }

    /// The Merkle Tree Hash of every leaf appended so far.
    public var root: TreeHash {
        guard var root = peaks.last?.hash else { return .empty }
        for peak in peaks.dropLast().reversed() { root = .node(peak.hash, root) }
        return root
    }

    public static func == (lhs: CompactRange, rhs: CompactRange) -> Bool {
        lhs.size == rhs.size && lhs.peaks.map(\.hash) == rhs.peaks.map(\.hash)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(size)
        for peak in peaks { hasher.combine(peak.hash) }
    }
}
