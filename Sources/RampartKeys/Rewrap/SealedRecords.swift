/// A store of envelopes under one key purpose (the pseudonym vault, later the audit payloads), as a rewrap walks it:
/// in id order, a batch at a time, each record replaced only if it still holds the envelope that was read.
public protocol SealedRecords: Sendable {
    /// What the records are, for progress lines and errors (`pseudonym vault`).
    var name: String { get }
    /// The owner and purpose of the key the records are sealed under (`tenant`, `vault`).
    var owner: String { get }
    var purpose: String { get }
    /// How many records of `tenant` are sealed under a version older than `version`.
    func count(tenant: String, before version: Int) async throws(KeyError) -> Int
    /// Up to `limit` records of `tenant` under a version older than `version`, with ids after `after`, in id order.
    func batch(tenant: String, before version: Int, after: String?, limit: Int) async throws(KeyError) -> [SealedRecord]
    /// Stores `envelope` (under `version`) in place of the record's; false if the record changed or went meanwhile.
    func replace(_ record: SealedRecord, tenant: String, with envelope: [UInt8], version: Int) async throws(KeyError) -> Bool
}

/// One stored envelope.
public struct SealedRecord: Sendable, Hashable {
    /// The record's id in its store, which is also the object id its envelope is bound to.
    public var id: String
    public var envelope: [UInt8]

    public init(id: String, envelope: [UInt8]) {
        self.id = id
        self.envelope = envelope
    }
}
