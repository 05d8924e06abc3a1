public import Foundation
public import RampartStorage
import SQLKit

/// The log's rows in SQLite or PostgreSQL: `audit_entries` (sequence number, leaf hash, record or nothing once
/// purged, and the columns the log is searched by) and `audit_checkpoints` (signed tree heads).
public struct AuditStore: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    /// An entry as stored.
    public struct Row: Sendable, Hashable {
        public var sequence: Int
        public var leafHash: [UInt8]
        /// Nil once retention purged it; the leaf hash stays, so the tree still verifies.
        public var record: [UInt8]?

        init(row: any SQLRow) throws {
            sequence = Int(try row.decode(column: "seq", as: Int64.self))
            leafHash = Array(try row.decode(column: "leaf_hash", as: Data.self))
            record = try row.decode(column: "record", as: Data?.self).map(Array.init)
        }
    }

    /// What an appended entry is searched by, beside its record.
    public struct Appended: Sendable {
        public var entry: AuditEntry
        public var leafHash: TreeHash
        public var kind: AuditEvent.Kind
        public var requestID: String?
        public var subjectReference: String?
        public var classification: String?
        public var recorded: Date

        public init(entry: AuditEntry, leafHash: TreeHash, kind: AuditEvent.Kind, requestID: String?, subjectReference: String?,
                    classification: String?, recorded: Date) {
            self.entry = entry
            self.leafHash = leafHash
            self.kind = kind
            self.requestID = requestID
            self.subjectReference = subjectReference
            self.classification = classification
            self.recorded = recorded
        }
    }

    /// A signed checkpoint as stored.
    public struct StoredCheckpoint: Sendable, Hashable {
        public var size: Int
        public var root: [UInt8]
        public var note: String
        public var signed: Date
    }

    /// Appends entries durably, numbered after the `size` entries the caller knows of: `make` sees the leaf hashes
    /// that other writers (other gateway instances) stored from `size` on, so it can number its entries after them.
    ///
    /// Most batches follow what their writer knows: they are stored by one `INSERT`, which the primary key refuses
    /// whole when another writer stored entry `size` first (entries are stored without gaps, so any newer entry
    /// means that one). Then, or for a batch too large for one statement, the entries are made again from what the
    /// others stored, in a transaction holding the log's write lock.
    public func append<T: Sendable>(
        after size: Int, _ make: @Sendable (_ newer: [(sequence: Int, hash: [UInt8])]) throws -> ([Appended], T)
    ) async throws -> T {
        let (entries, result) = try make([])
        if entries.count <= Self.rowsPerInsert {
            do {
                try await database.write(durable: true) { sql in try await Self.insert(entries, into: sql) }
                return result
            } catch where Database.isDuplicateKey(error) {
                // Another writer was first; below, numbered after it.
            }
        }
        let engine = database.engine
        var attempt = 1
        while true {
            do {
                return try await database.transaction(durable: true) { sql in
                    // SQLite's BEGIN IMMEDIATE already holds the only write lock; PostgreSQL takes the log's own lock.
                    if engine == .postgres { try await sql.raw("SELECT pg_advisory_xact_lock(\(literal: Self.lockKey))").run() }
                    let newer = try await sql.select().columns("seq", "leaf_hash").from("audit_entries").where("seq", .greaterThanOrEqual, Int64(size))
                        .orderBy("seq").all()
                        .map { (Int(try $0.decode(column: "seq", as: Int64.self)), Array(try $0.decode(column: "leaf_hash", as: Data.self))) }
                    let (entries, result) = try make(newer)
                    for start in stride(from: 0, to: entries.count, by: Self.rowsPerInsert) {
                        try await Self.insert(entries[start..<min(start + Self.rowsPerInsert, entries.count)], into: sql)
                    }
                    return result
                }
            } catch where Database.isDuplicateKey(error) && attempt < Self.attempts {
                // PostgreSQL only: another instance's single INSERT, which takes no lock, landed after the read
                // above. Rolled back whole; read again.
                attempt += 1
            }
        }
    }

    /// How many times a batch is numbered again after entries other instances stored meanwhile.
    static let attempts = 8

    /// SQLite allows 32,766 bound values per statement; 8 columns a row, so 1,000 rows at a time.
    static let rowsPerInsert = 1000

    /// One `INSERT` of up to `rowsPerInsert` entries.
    static func insert(_ entries: some Collection<Appended>, into sql: any SQLDatabase) async throws {
        guard !entries.isEmpty else { return }
        var insert = sql.insert(into: "audit_entries")
            .columns("seq", "leaf_hash", "record", "kind", "request_id", "subject_ref", "classification", "recorded_at")
        for appended in entries {
            insert = insert.values(
                SQLBind(Int64(appended.entry.sequence)), SQLBind(Data(appended.leafHash.bytes)), SQLBind(Data(appended.entry.record)),
                SQLBind(appended.kind.rawValue), SQLBind(appended.requestID), SQLBind(appended.subjectReference),
                SQLBind(appended.classification), SQLBind(StoredDate.text(appended.recorded)))
        }
        try await insert.run()
    }

    /// The advisory lock that serializes appends on PostgreSQL ("RAMPAUDT").
    static let lockKey: Int64 = 0x5241_4D50_4155_4454

    /// Up to `limit` entries with sequence numbers after `sequence`, in order.
    public func entries(after sequence: Int, limit: Int) async throws -> [Row] {
        try await database.withConnection { sql in
            try await sql.select().columns("seq", "leaf_hash", "record").from("audit_entries")
                .where("seq", .greaterThan, Int64(sequence)).orderBy("seq").limit(limit).all()
        }.map(Row.init(row:))
    }

    /// Up to `limit` leaf hashes of entries after `sequence`, in order (the records are not read).
    func leafHashes(after sequence: Int, below size: Int = .max, limit: Int) async throws -> [(sequence: Int, hash: [UInt8])] {
        try await database.withConnection { sql in
            try await sql.select().columns("seq", "leaf_hash").from("audit_entries").where("seq", .greaterThan, Int64(sequence))
                .where("seq", .lessThan, Int64(size)).orderBy("seq").limit(limit).all()
        }.map { (Int(try $0.decode(column: "seq", as: Int64.self)), Array(try $0.decode(column: "leaf_hash", as: Data.self))) }
    }

    /// The last entry, if any.
    public func last() async throws -> Row? {
        try await database.withConnection { sql in
            try await sql.select().columns("seq", "leaf_hash", "record").from("audit_entries").orderBy("seq", .descending).limit(1).first()
        }.map(Row.init(row:))
    }

    /// Removes the records (not the leaf hashes) of the entries a retention rule covers; `others` are the
    /// classifications with rules of their own, which a default rule (nil classification) leaves alone.
    /// Returns how many records were purged.
    public func purge(_ rule: AuditRetention.Rule, others: [String], at now: Date) async throws -> Int {
        func covered<Builder: SQLPredicateBuilder>(_ builder: Builder) -> Builder {
            let builder = builder.where("record", .isNot, SQLLiteral.null).where("recorded_at", .lessThan, StoredDate.text(rule.cutoff))
            if let classification = rule.classification { return builder.where("classification", .equal, classification) }
            guard !others.isEmpty else { return builder }
            return builder.where { $0.where("classification", .is, SQLLiteral.null).orWhere("classification", .notIn, others) }
        }
        return try await database.transaction { sql in
            let count = try await covered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("audit_entries")).first()
                .map { Int(try $0.decode(column: "n", as: Int64.self)) } ?? 0
            guard count > 0 else { return 0 }
            try await covered(sql.update("audit_entries").set("record", to: SQLLiteral.null).set("purged_at", to: StoredDate.text(now))).run()
            return count
        }
    }

    /// Calls `body` with the leaf hash of every entry below `size`, in order from 0, reading them in pages;
    /// a gap or a damaged hash ends it with `inconsistent`, a database that cannot be read with `storage`.
    public func forEachLeaf(below size: Int = .max, _ body: (TreeHash) throws(AuditError) -> Void) async throws(AuditError) {
        var next = 0
        while next < size {
            let page: [(sequence: Int, hash: [UInt8])]
            do { page = try await leafHashes(after: next - 1, below: size, limit: 50_000) } catch {
                throw AuditError(.storage, "the audit log cannot be read: \(error)")
            }
            guard !page.isEmpty else { return }
            for (sequence, bytes) in page {
                guard sequence == next, let hash = TreeHash(bytes) else {
                    throw AuditError(.inconsistent, "audit entry \(next) is missing or damaged; run 'rampart audit verify'")
                }
                try body(hash)
                next += 1
            }
        }
    }

    /// How many entries are stored.
    public func count() async throws -> Int {
        try await database.withConnection { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM audit_entries").first()
        }.map { Int(try $0.decode(column: "n", as: Int64.self)) } ?? 0
    }

    /// The first entry recorded at or after `time`, if any (a scan: for a service starting, not for a request).
    public func firstSequence(recordedSince time: Date) async throws -> Int? {
        try await database.withConnection { sql in
            try await sql.select().column(SQLFunction("MIN", args: SQLColumn("seq")), as: "first").from("audit_entries")
                .where("recorded_at", .greaterThanOrEqual, StoredDate.text(time)).first()
        }.flatMap { try $0.decode(column: "first", as: Int64?.self).map(Int.init) }
    }

    /// The sequence numbers of the entries of a request.
    public func sequences(requestID: String) async throws -> [Int] { try await sequences(where: "request_id", is: requestID) }

    /// The entries holding personal facts of the data subject with this keyed reference.
    public func sequences(subjectReference: String) async throws -> [Int] { try await sequences(where: "subject_ref", is: subjectReference) }

    func sequences(where column: String, is value: String) async throws -> [Int] {
        try await database.withConnection { sql in
            try await sql.select().column("seq").from("audit_entries").where(SQLIdentifier(column), .equal, value).orderBy("seq").all()
        }.map { Int(try $0.decode(column: "seq", as: Int64.self)) }
    }

    /// Records a signed checkpoint (idempotent for the same size).
    public func insert(_ checkpoint: StoredCheckpoint) async throws {
        try await database.transaction { sql in
            let existing = try await sql.select().column("size").from("audit_checkpoints").where("size", .equal, Int64(checkpoint.size)).first()
            guard existing == nil else { return }
            try await sql.insert(into: "audit_checkpoints").columns("size", "root", "note", "signed_at")
                .values(SQLBind(Int64(checkpoint.size)), SQLBind(Data(checkpoint.root)), SQLBind(checkpoint.note), SQLBind(StoredDate.text(checkpoint.signed)))
                .run()
        }
    }

    /// Every checkpoint, smallest first.
    public func checkpoints() async throws -> [StoredCheckpoint] {
        try await database.withConnection { sql in
            try await sql.select().columns("size", "root", "note", "signed_at").from("audit_checkpoints").orderBy("size").all()
        }.map { row in
            StoredCheckpoint(size: Int(try row.decode(column: "size", as: Int64.self)), root: Array(try row.decode(column: "root", as: Data.self)),
                             note: try row.decode(column: "note", as: String.self),
                             signed: StoredDate.date(try row.decode(column: "signed_at", as: String.self)) ?? .distantPast)
        }
    }
}
