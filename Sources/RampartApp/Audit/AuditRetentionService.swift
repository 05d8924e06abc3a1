import Logging
import RampartAudit
import RampartCore
import ServiceLifecycle

/// Purges the records of audit entries past their retention (`audit.retention_days`), at start and then every
/// `interval`, while the gateway runs. Leaf hashes stay: the log still verifies.
struct AuditRetentionService: Service {
    let store: AuditStore
    let retention: AuditRetention
    let clock: WallClock
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await periodically(every: interval) { await purge() }
    }

    func purge() async {
        let now = clock.now
        for rule in retention.rules(at: now) {
            do {
                let purged = try await store.purge(rule, others: Array(retention.days.keys), at: now)
                if purged > 0 {
                    logger.info("audit records purged", metadata: ["classification": "\(rule.classification ?? "default")", "count": "\(purged)"])
                }
            } catch {
                logger.warning("purging audit records failed; retrying later", metadata: ["error": "\(type(of: error))"])
            }
        }
    }
}
