import Crypto
import Foundation
import Logging
@testable import RampartApp
import RampartCore
import RampartKeys
import RampartPrivacy
import SQLKit
import RampartStorage
import ServiceLifecycle
import Synchronization
import Testing

@Suite struct KeyRotationServiceTests {
    /// A key past its rotation period is rotated while the service runs, and the pseudonym vault's values are
    /// rewrapped to its new version; a fresh key is left alone; a graceful shutdown ends the service's wait at once.
    @Test func rotatesOverdueKeysAndStopsOnShutdown() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-rotation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var logger = Logger(label: "rampart.test")
        logger.logLevel = .critical
        let database = try await Database.open(.sqlite(path: directory.appendingPathComponent("rampart.sqlite").path), logger: logger)
        _ = try await Migrator(logger: logger).migrate(database)
        let now = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        let clock = WallClock { now.withLock { $0 } }
        let provider = try LocalKeyProvider(path: directory.appendingPathComponent("keyring.json").path, secret: .key(SymmetricKey(size: .bits256)), create: true)
        let keys = KeyHierarchy(catalog: KeyCatalog(database: database), providers: [provider], defaultProviders: ["local"], rotationDays: 90, clock: clock,
                                catalogTimeToLive: .zero).acting(as: .rampart)
        let vault = PseudonymVault(database: database, secret: Array(repeating: 1, count: 32), keys: keys, now: { now.withLock { $0 } })
        for i in 0..<30 { _ = try await vault.pseudonym(for: "person-\(i)@example.com", type: "EMAIL_ADDRESS", tenant: "acme") }
        try await keys.rotate(tenant: "acme", owner: "model:old", purpose: "logs")
        now.withLock { $0 = $0.addingTimeInterval(91 * 86_400) }
        try await keys.rotate(tenant: "acme", owner: "model:new", purpose: "logs")

        let service = KeyRotationService(keys: keys, vault: vault, interval: .seconds(3600), logger: logger)
        let group = ServiceGroup(configuration: .init(services: [service], logger: logger))
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var versions: [Int] = []
            for _ in 0..<100 where versions != [1, 2] {
                try await Task.sleep(for: .milliseconds(20))
                versions = try await keys.catalog.versions(tenant: "acme", owner: "model:old").map(\.version)
            }
            #expect(versions == [1, 2])
            #expect(try await keys.catalog.versions(tenant: "acme", owner: "model:new").map(\.version) == [1])
            var stored: [Int] = []
            for _ in 0..<100 where stored != Array(repeating: 2, count: 30) {
                try await Task.sleep(for: .milliseconds(20))
                stored = try await database.withConnection { sql in
                    try await sql.raw("SELECT key_version FROM pseudonyms").all().map { try $0.decode(column: "key_version", as: Int.self) }
                }
            }
            #expect(stored == Array(repeating: 2, count: 30))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(ContinuousClock.now - started < .seconds(5))
        await database.close()
    }
}
