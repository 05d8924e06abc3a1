import Logging
import RampartKeys
import ServiceLifecycle

/// Rotates every key past its rotation period, once at start and then every `interval`, while the gateway runs.
struct KeyRotationService: Service {
    let keys: KeyHierarchy
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await periodically(every: interval) {
            do {
                for version in try await keys.rotateOverdue() {
                    logger.notice("key rotated", metadata: [
                        "tenant": "\(version.tenant)", "owner": "\(version.owner)", "purpose": "\(version.purpose)", "version": "\(version.version)",
                    ])
                }
            } catch {
                logger.warning("rotating overdue keys failed; retrying later", metadata: ["code": "\((error as? KeyError)?.code.rawValue ?? "\(type(of: error))")"])
            }
        }
    }
}
