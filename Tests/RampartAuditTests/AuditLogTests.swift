import Foundation
import RampartAudit
import RampartCore
import RampartStorage
import RampartTestSupport
import SQLKit
import Testing

@Suite struct AuditLogTests {
    @Test(arguments: DatabaseEngine.allCases)
    func concurrentAppendsGetEverySequenceNumberOnceAndTheLogVerifies(engine: DatabaseEngine) async throws {
        try await AuditWorld.with(engine) { world in
            let sequences = try await withThrowingTaskGroup(of: Int.self) { group in
                for n in 0..<300 { group.addTask { try await world.log.append(AuditWorld.event(n)) } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(sequences.sorted() == Array(0..<300))
            let note = try #require(try await world.log.checkpoint())
            #expect(try await world.log.checkpoint() == nil, "an unchanged tree is not signed again")
            try await world.append(5, from: 300)
            var result = try await world.verify()
            #expect(result.passed, "\(result.problems)")
            #expect(result.entries == 305 && result.checkpoints == 1 && result.latestCheckpoint == 300 && result.unsigned == 5)
            // A checkpoint kept outside the database is met on the way too.
            result = try await world.verify(trusted: [note])
            #expect(result.passed && result.checkpoints == 2)
            // Reopened, the log continues where it stopped, with the same tree.
            let reopened = try await AuditLog.open(store: world.store, signer: world.signer, logger: TestDatabases.logger)
            #expect(await reopened.size == 305)
            #expect(await reopened.root == result.root)
            #expect(try await reopened.append(AuditWorld.event(305)) == 305)
        }
    }

    /// Two instances (two processes: two databases on one file or server) appending to one log: each entry gets
    /// its own number and the log verifies. An append whose number another instance took first is refused by the
    /// primary key and numbered again after the other's entries: taken by turns below, so every append but the
    /// first meets an entry it did not know of.
    @Test(arguments: DatabaseEngine.allCases)
    func twoInstancesAppendingToOneLogKeepItWhole(engine: DatabaseEngine) async throws {
        try await AuditWorld.with(engine) { world in
            try await Database.open(world.database.location, logger: TestDatabases.logger).closing { database in
                let other = try await AuditLog.open(store: AuditStore(database: database), signer: world.signer, logger: TestDatabases.logger)
                var turns: [Int] = []
                for n in 0..<6 { turns.append(try await (n % 2 == 0 ? world.log : other).append(AuditWorld.event(n))) }
                #expect(turns == Array(0..<6))
                let together = try await withThrowingTaskGroup(of: Int.self) { group in
                    for n in 6..<206 { group.addTask { try await (n % 2 == 0 ? world.log : other).append(AuditWorld.event(n)) } }
                    return try await group.reduce(into: [Int]()) { $0.append($1) }
                }
                #expect(together.sorted() == Array(6..<206))
                let result = try await world.verify()
                #expect(result.passed && result.entries == 206, "\(result.problems)")
            }
        }
    }

    enum Tampering: String, CaseIterable, Sendable {
        case modifyRecord, rewriteRecordAndHash, delete, insertCopy, swapRows, rollBack, rollBackWithCheckpoints, moveRecord
    }

    /// Thirty entries signed at 10, 20 and 30; then entry 13 (or the tail) is tampered with, as someone with
    /// write access to the database could. Verification names the entry every time.
    @Test(arguments: DatabaseEngine.allCases, Tampering.allCases)
    func tamperingIsFoundAndTheEntryNamed(engine: DatabaseEngine, tampering: Tampering) async throws {
        try await AuditWorld.with(engine) { world in
            var notes: [SignedNote] = []
            for round in 0..<3 {
                try await world.append(10, from: round * 10)
                notes.append(try #require(try await world.log.checkpoint()))
            }
            #expect(try await world.verify().passed)
            let expected: (code: AuditVerification.Problem.Code, entry: Int)
            switch tampering {
            case .modifyRecord:
                var record = try await world.record(13)
                record[record.count - 3] ^= 0x01
                try await world.sql("UPDATE audit_entries SET record = \(bind: Data(record)) WHERE seq = 13")
                expected = (.modified, 13)
            case .rewriteRecordAndHash:
                var entry = try #require(AuditEntry(record: try await world.record(13)))
                entry.event = AuditWorld.event(999).canonical(sealed: nil)
                try await world.sql("UPDATE audit_entries SET record = \(bind: Data(entry.record)), leaf_hash = \(bind: Data(entry.leafHash.bytes)) WHERE seq = 13")
                expected = (.rewritten, 13)
            case .delete:
                try await world.sql("DELETE FROM audit_entries WHERE seq = 13")
                expected = (.missing, 13)
            case .insertCopy:
                // Make room after 12 and put a copy of 12 there: every later entry moves up by one.
                for sequence in (13..<30).reversed() { try await world.sql("UPDATE audit_entries SET seq = \(bind: sequence + 1) WHERE seq = \(bind: sequence)") }
                try await world.sql("""
                    INSERT INTO audit_entries (seq, leaf_hash, record, kind, recorded_at)
                    SELECT 13, leaf_hash, record, kind, recorded_at FROM audit_entries WHERE seq = 12
                    """)
                expected = (.misplaced, 13)
            case .swapRows:
                try await world.sql("UPDATE audit_entries SET seq = 1000 WHERE seq = 13")
                try await world.sql("UPDATE audit_entries SET seq = 13 WHERE seq = 14")
                try await world.sql("UPDATE audit_entries SET seq = 14 WHERE seq = 1000")
                expected = (.misplaced, 13)
            case .moveRecord:
                let other = try await world.record(14)
                try await world.sql("UPDATE audit_entries SET record = \(bind: Data(other)) WHERE seq = 13")
                expected = (.modified, 13)
            case .rollBack:
                try await world.sql("DELETE FROM audit_entries WHERE seq >= 25")
                expected = (.rolledBack, 25)
            case .rollBackWithCheckpoints:
                // Checkpoints deleted too: only one kept outside the database can tell.
                try await world.sql("DELETE FROM audit_entries WHERE seq >= 15")
                try await world.sql("DELETE FROM audit_checkpoints WHERE size > 15")
                #expect(try await world.verify().passed, "the stored checkpoints alone cannot see this rollback")
                let result = try await world.verify(trusted: [notes[2]])
                #expect(result.first?.code == .rolledBack && result.first?.entry == 15, "\(result.problems)")
                return
            }
            let result = try await world.verify()
            #expect(!result.passed)
            #expect(result.first?.code == expected.code, "\(result.problems)")
            #expect(result.first?.entry == expected.entry, "\(result.problems)")
            #expect(result.first?.message.contains("\(expected.entry)") == true)
            // A log that no longer matches its latest checkpoint is not appended to.
            if tampering == .rollBack || tampering == .rewriteRecordAndHash || tampering == .delete {
                await #expect(throws: AuditError.self) {
                    _ = try await AuditLog.open(store: world.store, signer: world.signer, logger: TestDatabases.logger)
                }
            }
        }
    }

    @Test func aCheckpointSignedByAnotherKeyIsRefused() async throws {
        try await AuditWorld.with(.sqlite) { world in
            try await world.append(4)
            try await world.log.checkpoint()
            let stranger = NoteSigner(name: world.signer.name, key: .init())
            let result = try await AuditVerifier(store: world.store, verifier: stranger.verifier).verify()
            #expect(result.first?.code == .badSignature)
        }
    }

    @Test func theRootsAndProofsAgreeWithAnIndependentImplementation() async throws {
        try await AuditWorld.with(.sqlite) { world in
            try await world.append(37)
            let rows = try await world.store.entries(after: -1, limit: 100)
            let leaves = rows.map { TreeHash.leaf($0.record!) }
            var roots: [String: String] = [:]
            var inclusion: [[Any]] = []
            var consistency: [[Any]] = []
            for size in 1...leaves.count {
                roots[String(size)] = MerkleTree.root(leaves[..<size]).description
                for index in stride(from: 0, to: size, by: max(1, size / 7)) {
                    inclusion.append([index, size, MerkleTree.inclusionProof(index: index, leaves[..<size]).map(\.description)])
                }
                for old in stride(from: 0, through: size, by: max(1, size / 6)) {
                    consistency.append([old, size, MerkleTree.consistencyProof(oldSize: old, leaves[..<size]).map(\.description)])
                }
            }
            #expect(roots["37"] == (await world.log.root).description)
            let document: [String: Any] = ["leaves": rows.map { Hex.encode($0.record!) }, "roots": roots, "inclusion": inclusion, "consistency": consistency]
            let input = String(decoding: try JSONSerialization.data(withJSONObject: document), as: UTF8.self)
            let result = try await TestPython.run("rfc6962_check.py", stdin: input)
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains("0 failures"))
        }
    }
}

@Suite struct AuditRetentionTests {
    /// Records past their retention are purged per classification; the leaf hashes stay, so the log verifies.
    @Test(arguments: DatabaseEngine.allCases)
    func purgedRecordsLeaveALogThatVerifies(engine: DatabaseEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            _ = try await Migrator(logger: TestDatabases.logger).migrate(database)
            let start = Date(timeIntervalSince1970: 1_795_305_600)
            let signer = NoteSigner(name: "rampart.test/audit", key: .init())
            let store = AuditStore(database: database)
            let old = try await AuditLog.open(store: store, signer: signer, now: { start }, logger: TestDatabases.logger)
            for (n, classification) in ["internal", "restricted", nil, "internal"].enumerated() {
                _ = try await old.append(AuditEvent(kind: .modelCall, time: start, requestID: "old-\(n)", classification: classification, facts: [:]))
            }
            try await old.checkpoint()
            let later = start.addingTimeInterval(40 * 86_400)
            let recent = try await AuditLog.open(store: store, signer: signer, now: { later }, logger: TestDatabases.logger)
            _ = try await recent.append(AuditEvent(kind: .modelCall, time: later, requestID: "new", classification: "internal", facts: [:]))

            // Internal records live 30 days, restricted 400, the rest (no classification) 10.
            let retention = AuditRetention(days: ["internal": 30, "restricted": 400], defaultDays: 10)
            var purged = 0
            for rule in retention.rules(at: later) {
                purged += try await store.purge(rule, others: Array(retention.days.keys), at: later)
            }
            #expect(purged == 3)
            let rows = try await store.entries(after: -1, limit: 10)
            #expect(rows.map { $0.record == nil } == [true, false, true, true, false])
            let result = try await AuditVerifier(store: store, verifier: signer.verifier).verify()
            #expect(result.passed && result.purged == 3 && result.checkpoints == 1, "\(result.problems)")
            // Purging again finds nothing more.
            #expect(try await store.purge(retention.rules(at: later)[0], others: [], at: later) == 0)
        }
    }

    /// Each export's place in the log moves forward on its own, on both engines (the upsert differs by dialect).
    @Test(arguments: DatabaseEngine.allCases)
    func exportPlacesAreKeptPerExport(engine: DatabaseEngine) async throws {
        try await AuditWorld.with(engine) { world in
            let cursors = AuditExportCursors(database: world.database)
            #expect(try await cursors.next("siem") == 0)
            try await cursors.advance("siem", to: 5, at: Date())
            try await cursors.advance("hub", to: 2, at: Date())
            try await cursors.advance("siem", to: 9, at: Date())
            #expect(try await cursors.next("siem") == 9)
            #expect(try await cursors.next("hub") == 2)
        }
    }

}
