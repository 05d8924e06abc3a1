import Logging
import RampartKeys
import RampartPrivacy
import ServiceLifecycle

/// Rotates every key past its rotation period, then moves the pseudonym vault's data keys to each tenant's newest
/// vault key version (a rewrap stopped by a restart carries on here), once at start and then every `interval`,
/// while the gateway runs.
struct KeyRotationService: Service {
    let keys: KeyHierarchy
    let vault: PseudonymVault?
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await periodically(every: interval) { await runOnce() }
    }

    func runOnce() async {
        do {
            for version in try await keys.rotateOverdue() {
                logger.notice("key rotated", metadata: [
                    "tenant": "\(version.tenant)", "owner": "\(version.owner)", "purpose": "\(version.purpose)", "version": "\(version.version)",
                ])
            }
        } catch {
            logger.warning("rotating overdue keys failed; retrying later", metadata: ["code": "\(error.code.rawValue)"])
        }
        guard let vault else { return }
        let records = vault.records
        let rewrap = KeyRewrap(keys: keys)
        let tenants: [String]
        do {
            tenants = try await rewrap.tenants(of: records)
        } catch {
            logger.warning("the key catalog cannot be read; rewrap retried later", metadata: ["code": "\(error.code.rawValue)"])
            return
        }
        for tenant in tenants {
            let progress = ProgressLines(logger: logger, message: "rewrapping the pseudonym vault", metadata: ["tenant": "\(tenant)"])
            do {
                let report = try await rewrap.run(records, tenant: tenant, progress: progress.update)
                if report.pending > 0 {
                    logger.notice("pseudonym vault rewrapped", metadata: [
                        "tenant": "\(tenant)", "version": "\(report.version)", "rewrapped": "\(report.rewrapped)", "skipped": "\(report.skipped)",
                    ])
                }
            } catch {
                logger.warning("rewrapping the pseudonym vault failed; it resumes on the next run", metadata: ["tenant": "\(tenant)", "code": "\(error.code.rawValue)"])
            }
        }
    }
}
