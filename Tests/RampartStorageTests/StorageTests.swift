import Foundation
import Logging
import RampartStorage
import RampartTestSupport
import SQLKit
import Testing

@Suite struct StorageTests {
    @Test(arguments: DatabaseEngine.allCases)
    func migrationsApplyOnceAndAgainDoNothing(engine: DatabaseEngine) async throws {
        try await TestDatabases.withFresh(engine) { (database) async throws -> Void in
            let migrator = Migrator(logger: TestDatabases.logger)
            #expect(try await migrator.migrate(database) == RampartSchema.migrations.map(\.version))
            #expect(try await migrator.migrate(database) == [])
            #expect(try await migrator.appliedVersions(database) == RampartSchema.migrations.map(\.version))
            #expect(try await TestDatabases.tableExists("assessment_records", in: database))
        }
    }

    @Test(arguments: DatabaseEngine.allCases)
    func aFailedMigrationLeavesTheDatabaseAsItWas(engine: DatabaseEngine) async throws {
        try await TestDatabases.withFresh(engine) { (database) async throws -> Void in
            let migrations = RampartSchema.migrations + [
                Migration(version: 100, name: "good") { _ in ["CREATE TABLE good_table (id INTEGER)"] },
                Migration(version: 101, name: "bad") { _ in ["CREATE TABLE bad_table (id INTEGER", "SELECT 1"] },
            ]
            do {
                try await Migrator(migrations: migrations, logger: TestDatabases.logger).migrate(database)
                Issue.record("the broken migration should fail")
            } catch let error as StorageError {
                #expect(error.code == .migrationFailed)
                #expect(error.message.contains("101"))
            }
            for table in ["good_table", "bad_table", "assessment_records", "rampart_schema_migrations"] {
                #expect(try await TestDatabases.tableExists(table, in: database) == false, "\(table)")
            }
            // And the same database then migrates cleanly with the real schema.
            #expect(try await Migrator(logger: TestDatabases.logger).migrate(database) == RampartSchema.migrations.map(\.version))
        }
    }

    @Test(arguments: DatabaseEngine.allCases)
    func aSchemaFromANewerRampartIsRefused(engine: DatabaseEngine) async throws {
        try await TestDatabases.withFresh(engine) { (database) async throws -> Void in
            let migrator = Migrator(logger: TestDatabases.logger)
            try await migrator.migrate(database)
            try await database.withConnection {
                try await $0.raw("INSERT INTO rampart_schema_migrations (version, name, applied_at) VALUES (999, 'future', 'x')").run()
            }
            await #expect { try await migrator.migrate(database) } throws: { ($0 as? StorageError)?.code == .schemaTooNew }
        }
    }

    @Test(arguments: DatabaseEngine.allCases)
    func concurrentWritersAllLandAndHistoryIsNewestFirst(engine: DatabaseEngine) async throws {
        try await TestDatabases.withFresh(engine) { (database) async throws -> Void in
            try await Migrator(logger: TestDatabases.logger).migrate(database)
            let records = AssessmentRecords(database: database)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<40 {
                    group.addTask {
                        try await records.append([AssessmentRecord(
                            workload: i.isMultiple(of: 2) ? "even" : "odd", scope: 1 + i % 5,
                            assessedAt: Date(timeIntervalSince1970: Double(i)), satisfied: i, missingRequired: 0,
                            missingRecommended: 0, notApplicable: 0, report: "{}")])
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await records.count() == 40)
            let even = try await records.history(of: "even", limit: 100)
            #expect(even.count == 20)
            #expect(even.map { $0.id ?? 0 } == even.map { $0.id ?? 0 }.sorted(by: >))
        }
    }

    @Test(arguments: DatabaseEngine.allCases)
    func aFailedTransactionWritesNothing(engine: DatabaseEngine) async throws {
        try await TestDatabases.withFresh(engine) { (database) async throws -> Void in
            try await Migrator(logger: TestDatabases.logger).migrate(database)
            let good = AssessmentRecord(workload: "w", scope: 1, assessedAt: Date(), satisfied: 1, missingRequired: 0,
                                        missingRecommended: 0, notApplicable: 0, report: "{}")
            var bad = good
            bad.scope = 9  // violates CHECK (scope BETWEEN 1 AND 5)
            await #expect(throws: (any Error).self) { try await AssessmentRecords(database: database).append([good, bad]) }
            #expect(try await AssessmentRecords(database: database).count() == 0)
        }
    }

    @Test(arguments: DatabaseEngine.allCases)
    func instancesStartingTogetherMigrateOnce(engine: DatabaseEngine) async throws {
        let (location, cleanup) = try await TestDatabases.freshLocation(engine)
        let first = try await Database.open(location, logger: TestDatabases.logger)
        let second = try await Database.open(location, logger: TestDatabases.logger)
        // Closed however the migrations end: a pool dropped open is a crash that would hide the migration's error.
        let result: Result<[Int], any Error>
        do {
            async let a = Migrator(logger: TestDatabases.logger).migrate(first)
            async let b = Migrator(logger: TestDatabases.logger).migrate(second)
            result = .success(try await a + b)
        } catch {
            result = .failure(error)
        }
        await first.close()
        await second.close()
        await cleanup()
        #expect(try result.get() == RampartSchema.migrations.map(\.version))
    }

    @Test func sqliteRunsInWALMode() async throws {
        try await TestDatabases.withFresh(.sqlite) { (database) async throws -> Void in
            let mode = try await database.withConnection {
                try await $0.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            }
            #expect(mode == "wal")
        }
    }

    @Test func anUnreachableDatabaseFailsWithoutLeakingThePassword() async throws {
        let planted = "planted-Pa55word-\(UUID().uuidString)"
        let recorder = LogCapture()
        var logger = recorder.logger(label: "rampart.test")
        logger.logLevel = .trace
        let location = StorageLocation.postgres(
            PostgresLocation(host: "127.0.0.1", port: 1, user: "rampart", database: "rampart", password: planted, tls: .disable))
        do {
            _ = try await Database.open(location, logger: logger)
            Issue.record("port 1 should refuse")
        } catch let error as StorageError {
            #expect(error.code == .unavailable)
            #expect(!String(describing: error).contains(planted))
        }
        #expect(!recorder.text.isEmpty)
        #expect(!recorder.text.contains(planted))
        #expect(!location.description.contains(planted))
    }
}
