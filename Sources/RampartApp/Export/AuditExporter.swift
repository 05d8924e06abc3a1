import Foundation
import RampartAudit

/// One export: sends the log's entries from where it left off, as OCSF events, a page at a time, and moves its place
/// (`audit_exports`) only once the sink took the page. A crash between the two sends a page again (each event's
/// `metadata.uid` lets the receiver drop it), never loses one. Purged entries have nothing left to send.
struct AuditExporter: Sendable {
    let name: String
    let sink: any ExportSink
    let store: AuditStore
    let cursors: AuditExportCursors
    let product: OCSF.Product
    let now: @Sendable () -> Date
    var pageSize = 500

    /// Sends until caught up with the log; returns the number of entries and of events sent, and the entry to send next.
    func catchUp(progress: @Sendable (Int) -> Void = { _ in }) async throws -> (entries: Int, events: Int, next: Int) {
        var next = try await cursors.next(name)
        var entries = 0, events = 0
        while true {
            let rows = try await store.entries(after: next - 1, limit: pageSize)
            guard let last = rows.last else { break }
            guard rows.first?.sequence == next else {
                throw AuditError(.inconsistent, "export \(name) expected entry \(next) next, the log has \(rows.first?.sequence ?? -1)")
            }
            var page: [CanonicalJSON] = []
            for row in rows {
                guard let record = row.record else { continue }
                page += try OCSF.events(sequence: row.sequence, record: record, product: product)
            }
            try await sink.send(page)
            next = last.sequence + 1
            try await cursors.advance(name, to: next, at: now())
            entries += rows.count
            events += page.count
            progress(entries)
        }
        return (entries, events, next)
    }
}
