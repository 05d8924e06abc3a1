import Logging
import RampartAudit
import ServiceLifecycle

/// Runs every configured export every `interval` while the gateway serves, and once more when it stops. An export
/// that fails (its receiver down) keeps its place and tries again next time; the others go on.
struct AuditExportService: Service {
    let exporters: [AuditExporter]
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await periodically(every: interval) { await runAll() }
        await runAll()
    }

    func runAll() async {
        for exporter in exporters {
            do {
                let sent = try await exporter.catchUp()
                if sent.entries > 0 {
                    logger.debug("audit export sent", metadata: ["export": "\(exporter.name)", "entries": "\(sent.entries)", "events": "\(sent.events)"])
                }
            } catch {
                logger.error("audit export failed; retrying later", metadata: ["export": "\(exporter.name)", "error": "\(String(describing: error).prefix(300))"])
            }
        }
    }
}
