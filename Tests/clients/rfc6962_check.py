"""Checks Rampart's Merkle roots and proofs against pymerkle, an independent RFC 6962/9162 implementation.

Reads a JSON document on stdin: the leaves (entry records, hex), Rampart's root per tree size, inclusion proofs
and consistency proofs. Builds the tree with pymerkle from the same leaves and checks:
- every root equals pymerkle's root at that size;
- every inclusion proof equals pymerkle's audit path for that leaf (pymerkle's path lists the leaf's pair
  first, so the leaf itself is taken out before comparing) and pymerkle verifies its own proof against the root;
- every consistency proof verifies between pymerkle's two roots, by the verification algorithm of RFC 9162
  section 2.1.4.2 as written below (pymerkle's consistency proofs have another shape, so they are not compared).
Prints one line per failure and exits 1 if there is any.
"""
import hashlib
import json
import sys

from pymerkle import InmemoryTree, verify_inclusion


def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def verify_consistency_rfc9162(first, second, first_hash, second_hash, path):
    if first == second:
        return not path and first_hash == second_hash
    if first == 0:
        return not path
    if first & (first - 1) == 0:
        path = [first_hash] + path
    if not path:
        return False
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node(c, fr)
            sr = node(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == first_hash and sr == second_hash


def main():
    doc = json.load(sys.stdin)
    tree = InmemoryTree(algorithm="sha256")
    for leaf in doc["leaves"]:
        tree.append_entry(bytes.fromhex(leaf))
    failures = []
    roots = {}
    for size, root in doc["roots"].items():
        size = int(size)
        theirs = tree.get_state(size).hex()
        roots[size] = bytes.fromhex(theirs)
        if theirs != root:
            failures.append(f"root at size {size}: rampart {root}, pymerkle {theirs}")
    checked = 0
    for index, size, proof in doc["inclusion"]:
        pm = tree.prove_inclusion(index + 1, size)
        base = tree.get_leaf(index + 1)
        path = pm.serialize()["path"]
        head = path[:2]
        if base.hex() in head:
            head.remove(base.hex())
        expected = head + path[2:] if size > 1 else []
        if expected != proof:
            failures.append(f"inclusion of {index} in {size}: rampart {proof}, pymerkle {expected}")
        verify_inclusion(base, tree.get_state(size), pm)
        checked += 1
    for first, second, proof in doc["consistency"]:
        ok = verify_consistency_rfc9162(first, second, tree.get_state(first) if first else hashlib.sha256(b"").digest(),
                                        tree.get_state(second), [bytes.fromhex(h) for h in proof])
        if not ok:
            failures.append(f"consistency {first} -> {second} does not verify")
        checked += 1
    for failure in failures:
        print(failure)
    print(f"checked {len(doc['roots'])} roots and {checked} proofs; {len(failures)} failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
