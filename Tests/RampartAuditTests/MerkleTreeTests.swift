import Crypto
import RampartAudit
import RampartCore
import Testing

/// The tree, its proofs and the compact range, against the test vectors of Certificate Transparency's reference
/// implementation (the same eight leaves; pymerkle gives the same roots, see AuditCrossCheckTests).
@Suite struct MerkleTreeTests {
    static let leaves: [[UInt8]] = [[], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
                                    Array(0x50...0x57), Array(0x60...0x6f)]
    static let roots = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]

    static func hashes(_ count: Int) -> [TreeHash] { (0..<count).map { TreeHash.leaf(Array("leaf \($0)".utf8)) } }

    @Test func theEmptyTreeIsTheHashOfNothing() {
        #expect(MerkleTree.root([]).description == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(CompactRange().root == .empty)
    }

    @Test(arguments: 1...8)
    func rootsMatchTheReferenceVectors(size: Int) {
        let leaves = Self.leaves.prefix(size).map { TreeHash.leaf($0) }
        #expect(MerkleTree.root(leaves[...]).description == Self.roots[size - 1])
        var range = CompactRange()
        for leaf in leaves { range.append(leaf) }
        #expect(range.root.description == Self.roots[size - 1])
    }

    @Test func theCompactRangeAgreesWithTheTreeAtEverySize() {
        let leaves = Self.hashes(300)
        var range = CompactRange()
        for (i, leaf) in leaves.enumerated() {
            range.append(leaf)
            #expect(range.root == MerkleTree.root(leaves[...i]), "size \(i + 1)")
            #expect(range.peaks.count == (i + 1).nonzeroBitCount)
        }
    }

    @Test func everyInclusionProofHoldsAndNoOtherLeafPasses() {
        let leaves = Self.hashes(40)
        for size in 1...leaves.count {
            let root = MerkleTree.root(leaves[..<size])
            for index in 0..<size {
                let proof = MerkleTree.inclusionProof(index: index, leaves[..<size])
                #expect(ProofVerification.inclusion(leaf: leaves[index], index: index, size: size, proof: proof, root: root))
                // The same proof for a neighbour, another index, a shorter path or a flipped hash fails.
                #expect(!ProofVerification.inclusion(leaf: leaves[(index + 1) % leaves.count], index: index, size: size, proof: proof, root: root))
                if size > 1 {
                    #expect(!ProofVerification.inclusion(leaf: leaves[index], index: (index + 1) % size, size: size, proof: proof, root: root))
                    #expect(!ProofVerification.inclusion(leaf: leaves[index], index: index, size: size, proof: Array(proof.dropLast()), root: root))
                    var flipped = proof
                    flipped[0] = TreeHash.leaf([0xFF])
                    #expect(!ProofVerification.inclusion(leaf: leaves[index], index: index, size: size, proof: flipped, root: root))
                }
            }
            #expect(!ProofVerification.inclusion(leaf: leaves[0], index: size, size: size, proof: [], root: root))
        }
    }

    @Test func everyConsistencyProofHoldsAndAForkFails() {
        let leaves = Self.hashes(33)
        var fork = leaves
        fork[5] = TreeHash.leaf([0xAB])
        for newSize in 1...leaves.count {
            let newRoot = MerkleTree.root(leaves[..<newSize])
            for oldSize in 0...newSize {
                let oldRoot = MerkleTree.root(leaves[..<oldSize])
                let proof = MerkleTree.consistencyProof(oldSize: oldSize, leaves[..<newSize])
                #expect(ProofVerification.consistency(oldSize: oldSize, oldRoot: oldRoot, newSize: newSize, newRoot: newRoot, proof: proof),
                        "\(oldSize) → \(newSize)")
                // A tree whose sixth leaf differs is not an extension of this one.
                if oldSize > 5 && oldSize < newSize {
                    let forkedRoot = MerkleTree.root(fork[..<oldSize])
                    #expect(!ProofVerification.consistency(oldSize: oldSize, oldRoot: forkedRoot, newSize: newSize, newRoot: newRoot, proof: proof))
                }
            }
        }
        #expect(!ProofVerification.consistency(oldSize: 5, oldRoot: .empty, newSize: 4, newRoot: .empty, proof: []))
    }
}
