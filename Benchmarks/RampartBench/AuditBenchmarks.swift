import Crypto
import Foundation
import Logging
import RampartAudit
import RampartStorage

/// The audit issue's benchmark, on SQLite in a temporary directory (the disk, not tmpfs: durability is the point) and,
/// when `BENCH_POSTGRES_URL` names a PostgreSQL server started with fsync on (Benchmarks/audit-postgres.sh does),
/// on PostgreSQL: appends per second through the log's group commit against the same events each written durably on
/// its own (the naive way, measured in the same run), and `audit verify` of a large log against reading the same
/// rows.
enum AuditBenchmarks {
    static func rows() async throws -> [String] {
        var logger = Logger(label: "rampart.bench")
        logger.logLevel = .critical
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-bench-audit-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var rows = try await self.rows(.sqlite(path: directory.appendingPathComponent("rampart.sqlite").path), label: "SQLite", logger: logger)
        let environment = ProcessInfo.processInfo.environment
        if let url = environment["BENCH_POSTGRES_URL"], let components = URLComponents(string: url), let host = components.host,
           let user = components.user
        {
            let location = PostgresLocation(host: host, port: components.port ?? 5432, user: user, database: String(components.path.dropFirst()),
                                            password: environment["BENCH_POSTGRES_PASSWORD"], tls: .disable)
            rows += try await self.rows(.postgres(location), label: "PostgreSQL", logger: logger)
        }
        return rows
    }

    static func rows(_ location: StorageLocation, label: String, logger: Logger) async throws -> [String] {
        var rows: [String] = []
        let database = try await Database.open(location, logger: logger)
        _ = try await Migrator(logger: logger).migrate(database)
        let signer = NoteSigner(name: "bench/audit", key: Curve25519.Signing.PrivateKey())
        let log = try await AuditLog.open(store: AuditStore(database: database), signer: signer, logger: logger)
        func event(_ n: Int) -> AuditEvent {
            AuditEvent(kind: .modelCall, time: Date(), requestID: "req-\(n)", classification: "internal", facts: [
                "actor": .object(["principal": .string("app"), "tenant": .string("acme"), "auth": .string("api-key")]),
                "target": .object(["workload": .string("chat"), "model": .string("assistant"), "deployment": .string("sim")]),
                "decision": .object(["allowed": .bool(true), "rules": .array([.string("builtin.role.application")])]),
                "usage": .object(["prompt_tokens": .int(120), "completion_tokens": .int(340)]),
                "outcome": .object(["status": .int(200)]), "latency_ms": .int(42),
            ])
        }

        // Group commit: 64 appenders, each waiting for its entry to be durable, for 5 seconds.
        let seconds = Double(ProcessInfo.processInfo.environment["BENCH_SECONDS"] ?? "") ?? 5
        let deadline = ContinuousClock.now + .seconds(seconds)
        let started = ContinuousClock.now
        let appended = try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<64 {
                group.addTask {
                    var count = 0
                    while ContinuousClock.now < deadline {
                        _ = try await log.append(event(worker * 1_000_000 + count))
                        count += 1
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        let groupRate = Double(appended) / RampartBench.seconds(ContinuousClock.now - started)

        // The naive way: one durable write per event, one writer.
        let store = AuditStore(database: database)
        var state = (size: await log.size, last: AuditEntry.origin)
        if let last = try await store.last() { state.last = TreeHash(last.leafHash)! }
        let naiveStart = ContinuousClock.now
        var naive = 0
        while ContinuousClock.now - naiveStart < .seconds(seconds / 2) {
            let entry = AuditEntry(sequence: state.size, previous: state.last, event: event(naive).canonical(sealed: nil))
            let leaf = entry.leafHash
            _ = try await store.append(after: state.size) { _ in
                ([AuditStore.Appended(entry: entry, leafHash: leaf, kind: .modelCall, requestID: "naive", subjectReference: nil, classification: nil,
                                      recorded: Date())], 0)
            }
            state = (state.size + 1, leaf)
            naive += 1
        }
        let naiveRate = Double(naive) / RampartBench.seconds(ContinuousClock.now - naiveStart)
        rows.append("| audit append, \(label), group commit, 64 appenders each awaiting durability | \(RampartBench.format(groupRate)) appends/s | "
            + String(format: "%.1f× one durable write per event (%@ /s)", groupRate / naiveRate, RampartBench.format(naiveRate)) + " | - | - |")

        // Verify a large log: fill it in big batches (the fast path), then time verification and a plain read.
        let target = Int(ProcessInfo.processInfo.environment["BENCH_AUDIT_ENTRIES"] ?? "") ?? 1_000_000
        let template = event(0).canonical(sealed: nil)
        var size = try await store.count()
        var last = try await store.last().flatMap { TreeHash($0.leafHash) } ?? AuditEntry.origin
        while size < target {
            let count = min(10_000, target - size)
            let start = size, previous = last
            (size, last) = try await store.append(after: start) { _ in
                var rows: [AuditStore.Appended] = []
                var prior = previous
                for i in 0..<count {
                    let entry = AuditEntry(sequence: start + i, previous: prior, event: template)
                    let leaf = entry.leafHash
                    rows.append(AuditStore.Appended(entry: entry, leafHash: leaf, kind: .modelCall, requestID: nil, subjectReference: nil,
                                                    classification: nil, recorded: Date()))
                    prior = leaf
                }
                return (rows, (start + count, prior))
            }
        }
        let fresh = try await AuditLog.open(store: store, signer: signer, logger: logger)
        try await fresh.checkpoint()
        let readStart = ContinuousClock.now
        var read = 0, after = -1
        while true {
            let page = try await store.entries(after: after, limit: 20_000)
            guard let end = page.last else { break }
            read += page.count
            after = end.sequence
        }
        let readTime = ContinuousClock.now - readStart
        let verifyStart = ContinuousClock.now
        let result = try await AuditVerifier(store: store, verifier: signer.verifier).verify()
        let verifyTime = ContinuousClock.now - verifyStart
        precondition(result.passed && result.entries == read, "the benchmark's log does not verify: \(result.problems)")
        rows.append("| audit verify, \(label), \(RampartBench.format(Double(result.entries))) entries of \(template.count + 44) bytes | "
            + String(format: "%.1f s", RampartBench.seconds(verifyTime)) + " | "
            + String(format: "%.2f× reading the same rows (%.1f s)", RampartBench.seconds(verifyTime) / RampartBench.seconds(readTime), RampartBench.seconds(readTime))
            + " | - | - |")
        await database.close()
        return rows
    }
}
