import Foundation
import Logging
@testable import RampartApp
import RampartPrivacy
import RampartStorage
import RampartTestSupport
import ServiceLifecycle
import Synchronization
import Testing

@Suite struct VaultPurgeServiceTests {
    /// Expired pseudonyms are purged while the service runs, and a graceful shutdown ends its wait at once.
    @Test func purgesExpiredPseudonymsAndStopsOnShutdown() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-purge-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var logger = Logger(label: "rampart.test")
        logger.logLevel = .critical
        let database = try await Database.open(.sqlite(path: directory.appendingPathComponent("rampart.sqlite").path), logger: logger)
        _ = try await Migrator(logger: logger).migrate(database)
        let clock = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        try await withTemporaryKeys(database: database) { keys in
            let vault = PseudonymVault(database: database, secret: Array(repeating: 1, count: 32), keys: keys, timeToLive: 60, now: { clock.withLock { $0 } })
            let token = try await vault.pseudonym(for: "jane@example.com", type: "EMAIL_ADDRESS", tenant: "acme")
            clock.withLock { $0 = $0.addingTimeInterval(120) }
            let group = ServiceGroup(configuration: .init(services: [VaultPurgeService(vault: vault, interval: .seconds(3600), logger: logger)], logger: logger))
            let started = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                var remaining = 1
                for _ in 0..<100 where remaining > 0 {
                    try await Task.sleep(for: .milliseconds(20))
                    remaining = try await database.withConnection { sql in
                        try await sql.raw("SELECT COUNT(*) AS n FROM pseudonyms").first()?.decode(column: "n", as: Int.self) ?? 0
                    }
                }
                #expect(remaining == 0)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            #expect(ContinuousClock.now - started < .seconds(5))
            #expect(try await vault.reveal([token], tenant: "acme").isEmpty)
        }
        await database.close()
    }
}
