/// Moves every stored data key of one tenant's key to its newest version, a batch at a time: the background half of
/// rotation. Resumable by construction: each batch is written before the next is read, and a record's key version
/// is stored beside it, so a rewrap that stops (a crash, a deploy) starts again where it was by asking for what is
/// still behind. Payloads are never opened.
public struct KeyRewrap: Sendable {
    public var keys: KeyHierarchy
    public var batchSize: Int

    public init(keys: KeyHierarchy, batchSize: Int = 200) {
        self.keys = keys
        self.batchSize = batchSize
    }

    /// How a rewrap went.
    public struct Report: Sendable, Hashable {
        /// The version records were moved to.
        public var version: Int
        /// Records behind when it started.
        public var pending: Int
        public var rewrapped: Int
        /// Records that changed while being rewrapped (rewritten or deleted meanwhile); left for the next run.
        public var skipped: Int

        public init(version: Int, pending: Int, rewrapped: Int, skipped: Int) {
            self.version = version
            self.pending = pending
            self.rewrapped = rewrapped
            self.skipped = skipped
        }
    }

    /// Progress: records done (rewrapped or skipped) and records pending at the start.
    public typealias Progress = @Sendable (_ done: Int, _ total: Int) -> Void

    /// The tenants whose key for `records` exists and is not destroyed, in the catalog's order: what a rewrap of
    /// every tenant walks.
    public func tenants(of records: some SealedRecords) async throws(KeyError) -> [String] {
        KeyVersion.newest(of: try await keys.catalog.versions())
            .filter { $0.owner == records.owner && $0.purpose == records.purpose && $0.destroyed == nil }.map(\.tenant)
    }

    public func run(_ records: some SealedRecords, tenant: String, progress: Progress = { _, _ in }) async throws(KeyError) -> Report {
        let key = KeyName(tenant: tenant, owner: records.owner, purpose: records.purpose)
        let target = try await keys.sealingKeys(key)
        guard let version = target.first?.version else { throw KeyError(.keyNotFound, "\(key) has no version to rewrap to") }
        let pending = try await records.count(tenant: tenant, before: version)
        var report = Report(version: version, pending: pending, rewrapped: 0, skipped: 0)
        progress(0, pending)
        var after: String?
        while true {
            try Task.checkCancellation(or: KeyError(.storage, "the rewrap of \(records.name) was cancelled"))
            let batch = try await records.batch(tenant: tenant, before: version, after: after, limit: batchSize)
            guard let last = batch.last else { break }
            for record in batch {
                // Nil: the envelope is under the newest version already and only the stored version lagged.
                let moved = try await keys.rewrap(record.envelope, tenant: tenant, owner: records.owner, purpose: records.purpose, objectID: record.id)
                if try await records.replace(record, tenant: tenant, with: moved?.envelope ?? record.envelope, version: moved?.version ?? version) {
                    report.rewrapped += 1
                } else {
                    report.skipped += 1
                }
            }
            after = last.id
            progress(report.rewrapped + report.skipped, pending)
        }
        return report
    }
}

extension Task where Success == Never, Failure == Never {
    static func checkCancellation(or error: KeyError) throws(KeyError) {
        if Task.isCancelled { throw error }
    }
}
