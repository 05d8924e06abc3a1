import Logging
import RampartPrivacy
import ServiceLifecycle

/// Deletes pseudonyms past their time to live, once at start and then every `interval`, while the gateway runs.
struct VaultPurgeService: Service {
    let vault: PseudonymVault
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await periodically(every: interval) {
            do {
                let purged = try await vault.purgeExpired()
                if purged > 0 { logger.info("expired pseudonyms purged", metadata: ["count": "\(purged)"]) }
            } catch {
                logger.warning("purging expired pseudonyms failed; retrying later", metadata: ["error": "\(type(of: error))"])
            }
        }
    }
}
