import Foundation
import Logging
import RampartAudit
import RampartDetection
import ServiceLifecycle

/// Runs the detections over the audit log while the gateway serves: every `interval` it reads the entries appended
/// since its place (kept in `audit_exports` as `detection`, like an export's), feeds them to the engine, stores the
/// findings and moves its place, in that order, so a crash re-reads a page rather than skipping one (a finding's
/// uid makes storing it twice harmless). The engine's windows live in memory: a restart starts them afresh.
actor DetectionService: Service {
    static let cursor = "detection"

    let store: AuditStore
    let cursors: AuditExportCursors
    let findings: FindingStore
    let interval: Duration
    let now: @Sendable () -> Date
    let logger: Logger
    var engine: DetectionEngine
    var pageSize = 1000

    init(engine: DetectionEngine, store: AuditStore, cursors: AuditExportCursors, findings: FindingStore, interval: Duration,
         now: @escaping @Sendable () -> Date, logger: Logger) {
        self.engine = engine
        self.store = store
        self.cursors = cursors
        self.findings = findings
        self.interval = interval
        self.now = now
        self.logger = logger
    }

    nonisolated func run() async throws {
        await periodically(every: interval) { await self.catchUpLogged() }
        await catchUpLogged()
    }

    func catchUpLogged() async {
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
            let rows = try await store.entries(after: next - 1, limit: pageSize)
            guard let last = rows.last else { return raised }
            var found: [DetectionFinding] = []
            for row in rows {
                guard let record = row.record, let event = SecurityEvent(record: record, sequence: row.sequence) else { continue }
                found += engine.observe(event)
            }
            for finding in found {
                logger.warning("detection finding", metadata: [
                    "rule": "\(finding.ruleID)", "severity": "\(finding.severity.name)", "subject": "\(finding.subject.rawValue)", "uid": "\(finding.uid)",
                ])
            }
            raised += try await findings.record(found, at: now())
            next = last.sequence + 1
            try await cursors.advance(Self.cursor, to: next, at: now())
        }
    }
}
