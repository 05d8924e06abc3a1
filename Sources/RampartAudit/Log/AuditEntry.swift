/// One entry of the log as its leaf commits to it: a fixed header (magic, sequence number, the previous entry's
/// leaf hash) and the event's canonical bytes.
///
/// ```
/// "RAL1" | seq: UInt64 big-endian | previous leaf hash: 32 bytes | canonical JSON of the event
/// ```
///
/// The sequence number makes a record moved to another position fail; the previous leaf hash chains the entries,
/// so that rewriting one entry together with its stored hash is still named by the entry after it.
public struct AuditEntry: Sendable, Hashable {
    public var sequence: Int
    public var previous: TreeHash
    public var event: [UInt8]

    static let magic: [UInt8] = Array("RAL1".utf8)
    static let headerSize = 4 + 8 + 32
    /// What entry 0 chains to.
    public static let origin = TreeHash([UInt8](repeating: 0, count: 32))!

    public init(sequence: Int, previous: TreeHash, event: [UInt8]) {
        self.sequence = sequence
        self.previous = previous
        self.event = event
    }

    /// The bytes stored and hashed.
    public var record: [UInt8] {
        var out = Self.magic
        out.reserveCapacity(Self.headerSize + event.count)
        withUnsafeBytes(of: UInt64(sequence).bigEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: previous.bytes)
        out.append(contentsOf: event)
        return out
    }

    public var leafHash: TreeHash { .leaf(record) }

    /// Reads a stored record; nil if it is not one.
    public init?(record: [UInt8]) {
        guard record.count >= Self.headerSize, record.starts(with: Self.magic) else { return nil }
        let sequence = record[4..<12].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard sequence <= UInt64(Int.max), let previous = TreeHash(record[12..<44]) else { return nil }
        self.init(sequence: Int(sequence), previous: previous, event: Array(record[44...]))
    }

    /// Only the header of a stored record (sequence number and previous hash), without copying the event.
    static func header(of record: [UInt8]) -> (sequence: Int, previous: ArraySlice<UInt8>)? {
        guard record.count >= headerSize, record.starts(with: magic) else { return nil }
        let sequence = record[4..<12].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard sequence <= UInt64(Int.max) else { return nil }
        return (Int(sequence), record[12..<44])
    }
}
