import Foundation
import Logging
import RampartAudit
import RampartDetection
import RampartGateway
import ServiceLifecycle

/// Runs the detections over the audit log while the gateway serves: every `interval` it reads the entries appended
/// since its place (kept in `audit_exports` as `detection`, like an export's), feeds them to the engine, stores the
/// findings and moves its place, in that order, so a crash re-reads a page rather than skipping one (a finding's
/// uid makes storing it twice harmless). The engine's windows live in memory: a restart starts them afresh.
///
/// The entries this process committed come from the log's `tail` in memory, as committed; the log is read for
/// any the tail does not hold from the service's place on (entries of another instance, a full tail, a restart).
actor DetectionService: Service {
    static let cursor = "detection"

    let store: AuditStore
    /// The events this process's log committed, taken before reading the log; nil: the log is always read.
    let tail: AuditTail?
    let cursors: AuditExportCursors
    let findings: FindingStore
    /// Answers new findings with the playbooks; nil: findings are only stored.
    let responder: Responder?
    /// Where the measures in force are read back from each pass (lifted, expired, imposed elsewhere).
    let containment: (store: ContainmentStore, board: ContainmentBoard)?
    /// Appends to the audit log: each new finding is recorded there, for the SIEM exports.
    let audit: (@Sendable (AuditEvent) async throws(AuditError) -> Void)?
    let interval: Duration
    let now: @Sendable () -> Date
    let logger: Logger
    var engine: DetectionEngine
    var pageSize = 1000

    init(engine: DetectionEngine, store: AuditStore, tail: AuditTail? = nil, cursors: AuditExportCursors, findings: FindingStore, responder: Responder? = nil,
         containment: (store: ContainmentStore, board: ContainmentBoard)? = nil,
         audit: (@Sendable (AuditEvent) async throws(AuditError) -> Void)? = nil, history: Duration = .seconds(14 * 86_400), interval: Duration, now: @escaping @Sendable () -> Date, logger: Logger) {
        self.engine = engine
        self.responder = responder
        self.containment = containment
        self.audit = audit
        self.history = history
        self.store = store
        self.tail = tail
        self.cursors = cursors
        self.findings = findings
        self.interval = interval
        self.now = now
        self.logger = logger
    }

    /// How far back the engine's state (windows, histories, baselines) is rebuilt from the log when the service
    /// starts, since it lives in memory.
    let history: Duration

    nonisolated func run() async throws {
        do { try await rebuild() } catch {
            logger.error("detection state not rebuilt from the log; baselines start empty", metadata: ["error": "\(type(of: error))"])
        }
        await periodically(every: interval) { await self.catchUpLogged() }
        await catchUpLogged()
    }

    /// Feeds the engine the log's last `history` up to its place, raising nothing: those entries were read before
    /// (or, on the very first start, predate detection, whose place then moves to the log's end: old incidents are
    /// not raised as new). Returns the entries read.
    @discardableResult
    func rebuild() async throws -> Int {
        var place = try await cursors.next(Self.cursor)
        let firstStart = place == 0
        if firstStart {
            guard let last = try await store.last() else { return 0 }
            place = last.sequence + 1
        }
        var read = 0
        if var next = try await store.firstSequence(recordedSince: now().addingTimeInterval(-Double(history.components.seconds))), next < place {
            while next < place {
                let rows = try await store.entries(after: next - 1, limit: min(pageSize, place - next))
                guard let last = rows.last else { break }
                read += await observe(rows.lazy.compactMap(Self.stored)).read
                next = last.sequence + 1
            }
        }
        if firstStart { try await cursors.advance(Self.cursor, to: place, at: now()) }
        logger.info("detection state rebuilt from the log", metadata: ["events": "\(read)", "first_start": "\(firstStart)"])
        return read
    }

    func catchUpLogged() async {
        if let containment {
            let generation = containment.board.generation
            do { containment.board.replace(with: try await containment.store.inForce(at: now()), readSince: generation) } catch {
                // The board keeps what it had: a measure is not dropped because the store is out of reach.
                logger.error("containments not read; keeping those in force", metadata: ["error": "\(type(of: error))"])
            }
        }
        do {
            let raised = try await catchUp()
            if raised > 0 { logger.notice("detection findings raised", metadata: ["findings": "\(raised)"]) }
        } catch {
            logger.error("detection failed; retrying later", metadata: ["error": "\(String(describing: error).prefix(300))"])
        }
    }

    /// Reads the log to its end; returns the number of new findings stored.
    func catchUp() async throws -> Int {
        var next = try await cursors.next(Self.cursor)
        var raised = 0
        while true {
            let page: (events: [StoredAuditEvent], last: Int)
            if let taken = tail?.take(from: next, limit: pageSize), let last = taken.last {
                page = (taken, last.sequence)
            } else {
                let rows = try await store.entries(after: next - 1, limit: pageSize)
                guard let last = rows.last else { return raised }
                page = (rows.compactMap(Self.stored), last.sequence)
            }
            let found = await observe(page.events).findings
            for finding in found {
                logger.warning("detection finding", metadata: [
                    "rule": "\(finding.ruleID)", "severity": "\(finding.severity.name)", "subject": "\(finding.subject.rawValue)", "uid": "\(finding.uid)",
                ])
            }
            let new = try await findings.record(found, at: now())
            raised += new.count
            if let audit {
                for finding in new {
                    do throws(AuditError) { try await audit(AuditEvent(finding: finding, time: finding.lastSeen)) } catch {
                        logger.error("finding not recorded in the audit log", metadata: ["uid": "\(finding.uid)", "code": "\(error.code.rawValue)"])
                    }
                }
            }
            if let responder, !new.isEmpty { await responder.respond(to: new) }
            next = page.last + 1
            try await cursors.advance(Self.cursor, to: next, at: now())
        }
    }

    /// Feeds the engine a page of entries, yielding every 32 of them: decoding a page is the longest stretch of work
    /// in the gateway's process, and on a small machine requests would wait behind a whole page (a 200 req/s
    /// benchmark on one core saw its p99 at 80 ms, of 2 ms at p50).
    private func observe(_ events: some Sequence<StoredAuditEvent>) async -> (findings: [DetectionFinding], read: Int) {
        var found: [DetectionFinding] = []
        var read = 0
        for (k, stored) in events.enumerated() {
            if k % 32 == 31 { await Task.yield() }
            guard let event = SecurityEvent(stored: stored) else { continue }
            found += engine.observe(event)
            read += 1
        }
        return (found, read)
    }

    /// A row of the log as the event it holds; nil when retention purged it or it cannot be read.
    static func stored(_ row: AuditStore.Row) -> StoredAuditEvent? {
        row.record.flatMap { StoredAuditEvent(record: $0, sequence: row.sequence) }
    }
}
