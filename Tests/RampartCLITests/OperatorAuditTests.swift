import Foundation
import Logging
import RampartAudit
import RampartStorage
import RampartTestSupport
import Testing

/// What the operator changes from the command line is in the audit log, as the gateway's own calls are: each change
/// an `admin_action` with its outcome (failures too), each use of a key by the process a `key_usage` event, a
/// person's id sealed, never in the clear; and the log still verifies.
@Suite struct OperatorAuditTests {
    /// One event as the test reads it back.
    struct Recorded: Equatable, CustomStringConvertible {
        var kind: String
        var action: String
        var result: String

        var description: String { "\(kind) \(action) \(result)" }
    }

    @Test func everyChangeFromTheCommandLineIsAnAuditEvent() async throws {
        let workspace = try CLIWorkspace(manifests: [:])
        defer { workspace.remove() }
        try workspace.configure("audit: {origin: operator.test}\n")
        let state = workspace.state
        let person = "jane.roe@example.com"
        func run(_ arguments: [String], status: Int32 = 0) async throws -> String {
            let ran = try await CLI.run(arguments + state)
            #expect(ran.status == status, "\(arguments): \(ran.stdout)\(ran.stderr)")
            return ran.stdout
        }
        _ = try await run(["principals", "add", "scorer", "--tenant", "acme", "--kind", "service"])
        _ = try await run(["principals", "add", person, "--tenant", "acme", "--kind", "user", "--role", "data-scientist"])
        let created = try await run(["apikeys", "create", "--principal", person])
        let keyID = try #require(created.split(separator: "\n").dropFirst().first?.split(separator: " ").dropFirst().first?
            .trimmingCharacters(in: CharacterSet(charactersIn: ",")))
        _ = try await run(["apikeys", "revoke", keyID])
        _ = try await run(["budgets", "set", "principal:\(person)", "--tenant", "acme", "--limit", "25"])
        _ = try await run(["principals", "disable", person])
        _ = try await run(["principals", "disable", "nobody"], status: 2)
        _ = try await run(["principals", "list"])  // reads change nothing and record nothing
        let input = workspace.directory.appendingPathComponent("weights.bin").path
        try Data(repeating: 7, count: 4096).write(to: URL(fileURLWithPath: input))
        _ = try await run(["artifacts", "encrypt", "--key", "model:m", "--tenant", "acme", input, input + ".rmp"])
        _ = try await run(["keys", "rotate", "--tenant", "acme", "--owner", "model:m", "--purpose", "artifacts"])
        _ = try await run(["keys", "shred", "model:m", "--tenant", "acme"])

        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let records = try await Database.open(.sqlite(path: workspace.database), logger: logger).closing { database in
            try await AuditStore(database: database).entries(after: -1, limit: 1000).map { try #require($0.record) }
        }
        let events = try records.map { record in
            let entry = try #require(AuditEntry(record: record))
            return try #require(try JSONSerialization.jsonObject(with: Data(entry.event)) as? [String: Any])
        }
        // Rampart's own sealing of the person's facts is a key use too: kept apart here, checked below.
        let sealing = events.filter { $0["caller"] as? String == "rampart" }
        let operated = events.filter { $0["caller"] as? String != "rampart" }
        let recorded = operated.map { event in
            let outcome = event["outcome"] as? [String: Any]
            return Recorded(kind: event["kind"] as? String ?? "?", action: event["action"] as? String ?? event["operation"] as? String ?? "?",
                            result: outcome?["result"] as? String ?? "?")
        }
        #expect(recorded == [
            Recorded(kind: "admin_action", action: "principal.add", result: "success"),
            Recorded(kind: "admin_action", action: "principal.add", result: "success"),
            Recorded(kind: "admin_action", action: "apikey.create", result: "success"),
            Recorded(kind: "admin_action", action: "apikey.revoke", result: "success"),
            Recorded(kind: "admin_action", action: "budget.set", result: "success"),
            Recorded(kind: "admin_action", action: "principal.disable", result: "success"),
            Recorded(kind: "admin_action", action: "principal.disable", result: "failure"),
            // The artifact's key is made on first use (a rotation to v1), then seals; then the operator's rotation and shred.
            Recorded(kind: "key_usage", action: "rotate", result: "success"),
            Recorded(kind: "key_usage", action: "seal", result: "success"),
            Recorded(kind: "key_usage", action: "rotate", result: "success"),
            Recorded(kind: "admin_action", action: "key.rotate", result: "success"),
            Recorded(kind: "key_usage", action: "shred", result: "success"),
            Recorded(kind: "admin_action", action: "key.shred", result: "success"),
        ])
        // The service is named; the person is not, anywhere in the clear: their facts are sealed under their key, and
        // each sealing is itself a key use by Rampart bound to the event.
        let objects = operated.map { $0["object"] as? [String: Any] ?? [:] }
        #expect(objects[0]["principal"] as? String == "scorer")
        let sealedFor = Set(sealing.filter { $0["operation"] as? String == "seal" }.compactMap { $0["object"] as? String })
        for index in 1...5 {
            #expect(objects[index]["principal"] == nil && objects[index]["principal_kind"] as? String == "user", "\(operated[index])")
            #expect((operated[index]["personal"] as? [String: Any])?["sealed"] is String, "\(operated[index])")
            #expect(sealedFor.contains("audit:\(operated[index]["id"] as? String ?? "?")"), "\(operated[index])")
        }
        // A person's API key id is sealed with their facts, as the gateway seals it.
        #expect(objects[3]["credential_id"] == nil && objects[2]["credential_id"] == nil)
        #expect(objects[6]["principal_known"] as? Bool == false)
        #expect((operated[6]["outcome"] as? [String: Any])?["code"] as? String == "identity.not_found")
        #expect(operated[7]["caller"] as? String == "local-operator")
        #expect((operated[10]["actor"] as? [String: Any])?["kind"] as? String == "local-operator")
        for (sequence, record) in records.enumerated() {
            #expect(Data(record).range(of: Data(person.utf8)) == nil, "the person's id is in the clear in entry \(sequence)")
            #expect(Data(record).range(of: Data(keyID.utf8)) == nil, "the person's key id is in the clear in entry \(sequence)")
        }
        let verified = try await CLI.run(["audit", "verify"] + state)
        #expect(verified.status == 0 && verified.stdout.contains("OK"), "\(verified.stdout)\(verified.stderr)")
    }
}
