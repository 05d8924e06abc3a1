import Logging
import RampartAudit
import ServiceLifecycle

/// Signs a checkpoint of the audit log every `interval` while it grows, and a last one when the gateway stops.
struct AuditCheckpointService: Service {
    let log: AuditLog
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await periodically(every: interval) { await sign() }
        await sign()
    }

    func sign() async {
        do { try await log.checkpoint() } catch {
            logger.error("audit checkpoint failed; retrying later", metadata: ["code": "\(error.code.rawValue)"])
        }
    }
}
