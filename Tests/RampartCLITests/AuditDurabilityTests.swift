import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import RampartAudit
import RampartStorage
import RampartTestSupport
import Synchronization
import Testing

/// `rampart serve` killed with SIGKILL under load: every request it answered is in the log, and the log verifies.
@Suite struct AuditDurabilityTests {

    @Test func aKillUnderLoadLosesNoAcknowledgedRequestAndTheLogVerifies() async throws {
        let workspace = try CLIWorkspace(manifests: ["chat.yaml": TestManifests.chat])
        defer { workspace.remove() }
        try workspace.configure(CLIWorkspace.simulatorGateway(model: "assistant", workload: "chat", more: """
            audit:
              checkpoint_seconds: 1
            """))
        let state = workspace.state
        let key = try await workspace.application(workload: "chat")

        let server = try await BackgroundProcess.start(CLI.binary, ["serve"] + state)
        let base = try #require(server.firstLine.split(separator: " ").last.map(String.init), "\(server.firstLine)")
        let acknowledged = Acknowledged()
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        // Sixteen clients send calls back to back; after two seconds (and at least 100 answers) the server is killed.
        let load = Task {
            await withTaskGroup(of: Void.self) { group in
                for worker in 0..<16 {
                    group.addTask {
                        var n = 0
                        while !Task.isCancelled {
                            n += 1
                            var request = HTTPClientRequest(url: "\(base)/v1/chat/completions")
                            request.method = .POST
                            request.headers.add(name: "authorization", value: "Bearer \(key)")
                            request.body = .bytes(ByteBuffer(string: #"{"model":"assistant","messages":[{"role":"user","content":"call \#(worker)-\#(n)"}]}"#))
                            guard let response = try? await client.execute(request, timeout: .seconds(5)) else { continue }
                            guard (try? await response.body.collect(upTo: 1 << 20)) != nil else { continue }
                            if response.status == .ok, let id = response.headers.first(name: "x-request-id") {
                                acknowledged.ids.withLock { $0.append(id) }
                            }
                        }
                    }
                }
            }
        }
        let started = ContinuousClock.now
        while ContinuousClock.now - started < .seconds(30) {
            try await Task.sleep(for: .milliseconds(100))
            if ContinuousClock.now - started > .seconds(2), acknowledged.ids.withLock({ $0.count }) >= 100 { break }
        }
        // Acknowledged means the client had the whole answer before the kill.
        let answered = acknowledged.ids.withLock { $0 }
        server.kill()
        load.cancel()
        await load.value
        try await client.shutdown()
        #expect(answered.count >= 100, "the load reached only \(answered.count) answers")

        let verified = try await CLI.run(["audit", "verify", "--format", "json"] + state)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(verified.stdout.utf8)) as? [String: Any]
        #expect(report?["passed"] as? Bool == true)
        #expect((report?["entries"] as? Int ?? 0) >= answered.count)

        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let missing = try await Database.open(.sqlite(path: workspace.database), logger: logger).closing { database in
            let store = AuditStore(database: database)
            var missing: [String] = []
            for id in answered where try await store.sequences(requestID: id).isEmpty { missing.append(id) }
            return missing
        }
        #expect(missing.isEmpty, "\(missing.count) of \(answered.count) acknowledged requests are not in the log")

        // The log goes on after the crash: a restarted gateway appends to it and it still verifies.
        let restarted = try await BackgroundProcess.start(CLI.binary, ["serve"] + state)
        restarted.stop()
        let again = try await CLI.run(["audit", "verify"] + state)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(again.stdout.contains("OK"), "\(again.stdout)")

        // An auditor's checks from the command line: a checkpoint, the verifier key, a proof, and a tampered entry named.
        let checkpoint = try await CLI.run(["audit", "checkpoint"] + state)
        #expect(checkpoint.status == 0, "\(checkpoint.stderr)")
        let verifierKey = try await CLI.run(["audit", "key"] + state)
        #expect(verifierKey.stdout.hasPrefix("rampart.local/audit+"), "\(verifierKey.stdout)")
        let proof = try await CLI.run(["audit", "prove", "7", "--format", "json"] + state)
        #expect(proof.status == 0, "\(proof.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(proof.stdout.utf8)) as? [String: Any])
        #expect(document["tree_size"] as? Int ?? 0 > 7 && (document["proof"] as? [String])?.isEmpty == false, "\(document)")
        let byKey = try await CLI.run(["audit", "verify", "--verifier-key", verifierKey.stdout.trimmingCharacters(in: .whitespacesAndNewlines)] + state)
        #expect(byKey.status == 0, "\(byKey.stdout)")
        try await Database.open(.sqlite(path: workspace.database), logger: logger).closing { tamperer in
            try await tamperer.withConnection { try await $0.raw("UPDATE audit_entries SET record = CAST('tampered' AS BLOB) WHERE seq = 5").run() }
        }
        let tampered = try await CLI.run(["audit", "verify"] + state)
        #expect(tampered.status == 1)
        #expect(tampered.stdout.contains("FAILED: entry 5's record"), "\(tampered.stdout)")
    }
}

/// The request ids the load's clients had whole answers for.
final class Acknowledged: Sendable {
    let ids = Mutex<[String]>([])
}
