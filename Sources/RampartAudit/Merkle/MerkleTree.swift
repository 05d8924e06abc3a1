/// The Merkle Tree Hash and its proofs over a list of leaf hashes, as RFC 9162 section 2.1 defines them.
/// Pure functions of the leaves; the log reads the leaves it needs from storage and calls these.
public enum MerkleTree {
    /// The largest power of two smaller than `n` (n ≥ 2): where RFC 9162 splits a tree of n leaves.
    static func split(_ n: Int) -> Int {
        precondition(n >= 2)
        return 1 << (Int.bitWidth - (n - 1).leadingZeroBitCount - 1)
    }

    /// MTH(D[range]) over leaf hashes.
    public static func root(_ leaves: ArraySlice<TreeHash>) -> TreeHash {
        switch leaves.count {
        case 0: return .empty
        case 1: return leaves[leaves.startIndex]
        default:
            let k = split(leaves.count)
            let middle = leaves.startIndex + k
            return .node(root(leaves[leaves.startIndex..<middle]), root(leaves[middle...]))
        }
    }

    /// PATH(m, D[n]): the audit path of leaf `index` in the tree of `leaves` (RFC 9162 2.1.3.1).
    public static func inclusionProof(index: Int, _ leaves: ArraySlice<TreeHash>) -> [TreeHash] {
        precondition(index >= 0 && index < leaves.count)
        guard leaves.count > 1 else { return [] }
        let k = split(leaves.count)
        let middle = leaves.startIndex + k
        if index < k {
            return inclusionProof(index: index, leaves[leaves.startIndex..<middle]) + [root(leaves[middle...])]
        }
        return inclusionProof(index: index - k, leaves[middle...]) + [root(leaves[leaves.startIndex..<middle])]
    }

    /// PROOF(m, D[n]): that the tree of the first `oldSize` leaves is a prefix of the tree of `leaves`
    /// (RFC 9162 2.1.4.1). Empty when the sizes are equal or the old tree is empty.
    public static func consistencyProof(oldSize: Int, _ leaves: ArraySlice<TreeHash>) -> [TreeHash] {
        precondition(oldSize >= 0 && oldSize <= leaves.count)
        guard oldSize > 0 else { return [] }
        return subproof(oldSize, leaves, complete: true)
    }

    static func subproof(_ m: Int, _ leaves: ArraySlice<TreeHash>, complete: Bool) -> [TreeHash] {
        let n = leaves.count
        if m == n { return complete ? [] : [root(leaves)] }
        let k = split(n)
        let middle = leaves.startIndex + k
        if m <= k {
            return subproof(m, leaves[leaves.startIndex..<middle], complete: complete) + [root(leaves[middle...])]
        }
        return subproof(m - k, leaves[middle...], complete: false) + [root(leaves[leaves.startIndex..<middle])]
    }
}
