/// Checks of inclusion and consistency proofs against tree heads (RFC 9162 sections 2.1.3.2 and 2.1.4.2).
/// Results are values: a proof either holds or does not; nothing throws.
public enum ProofVerification {
    /// Whether `proof` shows the leaf `leaf` at `index` in the tree of `size` leaves whose root is `root`.
    public static func inclusion(leaf: TreeHash, index: Int, size: Int, proof: [TreeHash], root: TreeHash) -> Bool {
        guard index >= 0, index < size else { return false }
        var fn = index, sn = size - 1
        var r = leaf
        for p in proof {
            guard sn > 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                r = .node(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                r = .node(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// Whether `proof` shows the tree (`oldSize`, `oldRoot`) to be a prefix of (`newSize`, `newRoot`).
    public static func consistency(oldSize: Int, oldRoot: TreeHash, newSize: Int, newRoot: TreeHash, proof: [TreeHash]) -> Bool {
        guard oldSize >= 0, oldSize <= newSize else { return false }
        if oldSize == newSize { return proof.isEmpty && oldRoot == newRoot }
        if oldSize == 0 { return proof.isEmpty && oldRoot == .empty }
        var path = proof
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        guard let first = path.first else { return false }
        var fn = oldSize - 1, sn = newSize - 1
        while fn & 1 == 1 { fn >>= 1; sn >>= 1 }
        var fr = first, sr = first
        for c in path.dropFirst() {
            guard sn > 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                fr = .node(c, fr)
                sr = .node(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                sr = .node(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && fr == oldRoot && sr == newRoot
    }
}
