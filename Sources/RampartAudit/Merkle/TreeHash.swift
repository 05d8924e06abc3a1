import Crypto
import RampartCore

/// A SHA-256 node of the log's Merkle tree (RFC 9162 section 2.1.1): leaves are hashed with a 0x00 prefix and
/// interior nodes with 0x01, so that no leaf can pass for an interior node.
public struct TreeHash: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// Takes 32 bytes; nil for any other length.
    public init?(_ bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        self.bytes = Array(bytes)
    }

    init(digest: SHA256.Digest) { self.bytes = Array(digest) }

    /// The hash of the empty tree: SHA-256 of nothing.
    public static let empty = TreeHash(digest: SHA256.hash(data: [UInt8]()))

    /// The leaf hash of an entry's bytes.
    public static func leaf(_ data: some Collection<UInt8>) -> TreeHash {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        data.withContiguousStorageIfAvailable { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) } ?? hasher.update(data: Array(data))
        return TreeHash(digest: hasher.finalize())
    }

    /// The interior node over `left` and `right`.
    public static func node(_ left: TreeHash, _ right: TreeHash) -> TreeHash {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left.bytes)
        hasher.update(data: right.bytes)
        return TreeHash(digest: hasher.finalize())
    }

    public var description: String { Hex.encode(bytes) }
}

