import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import RampartApp
import RampartAudit
import RampartCore
import RampartGateway
import RampartIdentity
import RampartPolicy
import RampartStorage
import RampartTestSupport
import SQLKit
import Testing

/// Every request the gateway answers is in the audit log before its answer completes, with who, what, the
/// decision, findings, usage and outcome; never a credential, a prompt, or a person's id in the clear.
@Suite struct AuditTrailTests {
    static let yaml = """
        workloads: [./workloads]
        gateway:
          deployments: [{name: sim, kind: simulator, region: eu-west-1, model: sim, first_token_delay_ms: 0, tokens_per_second: 0}]
          models:
            - {name: assistant, workload: chat, deployments: [sim], price: {currency: USD, input_per_million_tokens: 1.0, output_per_million_tokens: 2.0}}
        audit:
          origin: rampart.test/audit
          retention_days: {restricted: 3650, default: 3650}
        """

    /// What must never be stored or logged in the clear.
    static let email = "jane.planted@example.com"
    static let secret = "sk-proj-" + String(repeating: "Zq7Xw2Lm9Rt4", count: 4)
    static let person = "alice.planted@example.com"
    static let endUser = "enduser-planted-4711"
    static let wrongKey = "rmp_planted_wrong_key_0123456789abcdef"

    struct Call {
        var name: String
        var path: String
        var body: String?
        var key: String
        var kind: String
        var status: Int
    }

    @Test(arguments: DatabaseEngine.allCases)
    func everyRequestIsRecordedAndNothingSecretOrPersonalIsStoredInTheClear(engine: DatabaseEngine) async throws {
        let capture = LogCapture()
        try await Self.withGateway(engine, logger: capture.logger()) { port, keys, context, database in
            let chat = { (content: String, stream: Bool, extra: String) in
                #"{"model":"assistant","stream":\#(stream),"messages":[{"role":"user","content":"\#(content)"}]\#(extra)}"#
            }
            let calls = [
                Call(name: "chat", path: "/v1/chat/completions", body: chat("Write to \(Self.email) please", false, ""), key: keys.app, kind: "model_call", status: 200),
                Call(name: "chat with a secret", path: "/v1/chat/completions", body: chat("my key is \(Self.secret)", false, ""), key: keys.app,
                     kind: "model_call", status: 400),
                Call(name: "stream", path: "/v1/chat/completions", body: chat("Stream to \(Self.email)", true, #","stream_options":{"include_usage":true}"#),
                     key: keys.app, kind: "model_call", status: 200),
                Call(name: "messages", path: "/v1/messages", body: #"{"model":"assistant","max_tokens":20,"messages":[{"role":"user","content":"hi"}]}"#,
                     key: keys.app, kind: "model_call", status: 200),
                Call(name: "messages stream", path: "/v1/messages",
                     body: #"{"model":"assistant","max_tokens":20,"stream":true,"messages":[{"role":"user","content":"hi"}]}"#, key: keys.app,
                     kind: "model_call", status: 200),
                Call(name: "embeddings", path: "/v1/embeddings", body: #"{"model":"assistant","input":"hello"}"#, key: keys.app, kind: "model_call", status: 200),
                Call(name: "models", path: "/v1/models", body: nil, key: keys.app, kind: "api_call", status: 200),
                Call(name: "end user", path: "/v1/chat/completions", body: chat("hello", false, #","user":"\#(Self.endUser)""#), key: keys.app,
                     kind: "model_call", status: 200),
                Call(name: "person", path: "/v1/chat/completions", body: chat("hello", false, ""), key: keys.person, kind: "model_call", status: 200),
                Call(name: "wrong key", path: "/v1/chat/completions", body: chat("hello", false, ""), key: Self.wrongKey, kind: "authentication_failure", status: 401),
                Call(name: "unknown model", path: "/v1/chat/completions", body: #"{"model":"nope","messages":[{"role":"user","content":"x"}]}"#, key: keys.app,
                     kind: "model_call", status: 404),
            ]
            let store = AuditStore(database: database)
            for call in calls {
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(call.path)")
                request.method = call.body == nil ? .GET : .POST
                request.headers.add(name: "authorization", value: "Bearer \(call.key)")
                request.headers.add(name: "content-type", value: "application/json")
                if let body = call.body { request.body = .bytes(ByteBuffer(string: body)) }
                let response = try await TestGateway.client.execute(request, timeout: .seconds(30))
                let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
                #expect(Int(response.status.code) == call.status, "\(call.name): \(text)")
                let requestID = try #require(response.headers.first(name: "x-request-id"), "\(call.name)")
                // The record is durable by the time the answer is complete: no waiting here.
                let sequences = try await store.sequences(requestID: requestID)
                #expect(sequences.count == 1, "\(call.name)")
                let rows = try await store.entries(after: (sequences.first ?? 0) - 1, limit: 1)
                let entry = try #require(rows.first?.record.flatMap(AuditEntry.init(record:)), "\(call.name)")
                let event = try #require(try JSONSerialization.jsonObject(with: Data(entry.event)) as? [String: Any])
                #expect(event["kind"] as? String == call.kind, "\(call.name): \(event)")
                #expect((event["outcome"] as? [String: Any])?["status"] as? Int == call.status, "\(call.name): \(event)")
                switch call.name {
                case "chat":
                    #expect((event["actor"] as? [String: Any])?["principal"] as? String == "app")
                    #expect((event["decision"] as? [String: Any])?["allowed"] as? Bool == true)
                    #expect((event["target"] as? [String: Any])?["deployment"] as? String == "sim")
                    let findings = event["findings"] as? [[String: Any]] ?? []
                    #expect(findings.contains { $0["type"] as? String == "EMAIL_ADDRESS" && $0["direction"] as? String == "input" }, "\(event)")
                    #expect(event["usage"] != nil && event["cost_micros"] != nil, "\(event)")
                case "chat with a secret":
                    #expect((event["outcome"] as? [String: Any])?["code"] as? String == "content_blocked")
                case "stream":
                    #expect(event["stream"] as? Bool == true && event["usage"] != nil, "\(event)")
                case "end user", "person":
                    let personal = try #require(event["personal"] as? [String: Any], "\(call.name): \(event)")
                    #expect(personal["sealed"] is String && personal["subject_ref"] is String)
                    if call.name == "person" { #expect((event["actor"] as? [String: Any])?["principal"] == nil, "\(event)") }
                case "wrong key":
                    #expect((event["authentication"] as? [String: Any])?["failure"] != nil, "\(event)")
                default:
                    break
                }
            }
            // Health, readiness and metrics are not requests of anyone's: not recorded.
            _ = try await TestGateway.client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/healthz"), timeout: .seconds(5))
            #expect(try await store.sequences(requestID: "").isEmpty)
            _ = context
        } after: { context, database in
            // The server has stopped (its last checkpoint signed): the log verifies with the operator's key.
            let verifier = try AuditCommands.verifier(context: context)
            let result = try await AuditVerifier(store: AuditStore(database: database), verifier: verifier).verify()
            #expect(result.passed && result.checkpoints >= 1 && result.entries >= 11, "\(result.problems)")
            let stored = try await Self.storedBytes(database, context: context)
            let audited = try await Self.auditBytes(database)
            for planted in [Self.email, Self.secret, Self.person, Self.endUser, Self.wrongKey] {
                // The person is a principal of the directory (they sign in by that id); nowhere else.
                if planted != Self.person { #expect(!stored.contains(Array(planted.utf8)), "\(planted) is stored in the clear") }
                #expect(!audited.contains(Array(planted.utf8)), "\(planted) is in the audit log or the key catalog")
                #expect(!capture.text.contains(planted), "\(planted) is in the logs")
            }
        }
    }

    /// What the audit log and the key catalog hold: entries, their search columns, checkpoints, key owners.
    static func auditBytes(_ database: Database) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        try await database.withConnection { sql in
            for row in try await sql.raw("SELECT record, request_id, subject_ref FROM audit_entries").all() {
                bytes += Array(try row.decode(column: "record", as: Data?.self) ?? Data())
                bytes += Array((try row.decode(column: "request_id", as: String?.self) ?? "").utf8)
                bytes += Array((try row.decode(column: "subject_ref", as: String?.self) ?? "").utf8)
            }
            for row in try await sql.raw("SELECT note FROM audit_checkpoints").all() { bytes += Array(try row.decode(column: "note", as: String.self).utf8) }
            for row in try await sql.raw("SELECT owner, copies FROM key_versions").all() {
                bytes += Array(try row.decode(column: "owner", as: String.self).utf8) + Array(try row.decode(column: "copies", as: String.self).utf8)
            }
        }
        return bytes
    }

    /// Every byte the database holds: the SQLite files, or every row of every Rampart table on PostgreSQL.
    static func storedBytes(_ database: Database, context: RampartContext) async throws -> [UInt8] {
        switch database.location {
        case .sqlite(let path):
            return [path, path + "-wal"].flatMap { FileManager.default.contents(atPath: $0).map(Array.init) ?? [] }
        case .postgres:
            var bytes: [UInt8] = []
            for table in ["audit_entries", "audit_checkpoints", "key_versions", "pseudonyms", "principals", "api_keys"] {
                let rows = try await database.withConnection { sql in
                    try await sql.raw("SELECT CAST(row_to_json(t) AS TEXT) AS j FROM \(unsafeRaw: table) t").all()
                }
                for row in rows { bytes += Array(try row.decode(column: "j", as: String.self).utf8) }
                // Records are bytea: searched as bytes too.
            }
            let records = try await database.withConnection { sql in try await sql.raw("SELECT record FROM audit_entries WHERE record IS NOT NULL").all() }
            for row in records { bytes += Array(try row.decode(column: "record", as: Data.self)) }
            return bytes
        }
    }

    struct Keys: Sendable {
        var app: String
        var person: String
    }

    /// A whole gateway as `rampart serve` builds it, on a fresh database of `engine`; `after` runs once it has
    /// stopped, with the database still open.
    static func withGateway(
        _ engine: DatabaseEngine, logger: Logger,
        _ body: (_ port: Int, _ keys: Keys, _ context: RampartContext, _ database: Database) async throws -> Void,
        after: (_ context: RampartContext, _ database: Database) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-audit-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("workloads"), withIntermediateDirectories: true)
        try TestManifests.chat.write(to: directory.appendingPathComponent("workloads/chat.yaml"), atomically: true, encoding: .utf8)
        let configPath = directory.appendingPathComponent("rampart.yaml").path
        try yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
        var context = RampartContext(dataDirectory: directory.path, logger: logger)
        context.configuration = try RampartConfiguration.load(path: configPath)
        let (location, cleanup) = try await TestDatabases.freshLocation(engine)
        let database = try await Database.open(location, logger: TestGateway.logger)
        do {
            _ = try await Migrator(logger: TestGateway.logger).migrate(database)
            let (principals, apiKeys, _) = try IdentityCommands.stores(context: context, database: database)
            let grant = PrincipalAttributes(clearance: .internal, workloads: ["chat"])
            try await principals.create(Principal(id: "app", tenant: "acme", kind: .application, roles: ["application"], attributes: grant))
            try await principals.create(Principal(id: person, tenant: "acme", kind: .user, roles: ["application"], attributes: grant))
            let keys = Keys(app: try await apiKeys.create(for: "app", name: "test").0, person: try await apiKeys.create(for: person, name: "test").0)
            try await RunningServer.with({
                try await GatewayServer.application(context: context, database: database, client: TestGateway.client, pins: TestGateway.pins, port: 0, onServerRunning: $0)
            }, logger: logger) { port, _ in try await body(port, keys, context, database) }
            try await after(context, database)
        } catch {
            await database.close()
            await cleanup()
            throw error
        }
        await database.close()
        await cleanup()
    }

    /// A recorder that cannot record (a test double standing for a database that is down).
    struct FailingRecorder: CallRecorder {
        struct Down: Error {}
        func record(_ call: RecordedCall) async throws { throw Down() }
    }

    @Test func anAnswerWhoseRecordCannotBeMadeIsWithheld() async throws {
        let pipeline = try TestGateway.pipeline([TestGateway.simulator("sim")])
        let app = Application(router: GatewayRouter.make(pipeline: pipeline, recorder: FailingRecorder()),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: TestGateway.logger)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat()) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(TestGateway.errorCode(response.body) == "audit_unavailable")
            }
            try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat(stream: true)) { response in
                let events = TestGateway.events(String(buffer: response.body))
                #expect(!events.contains("[DONE]"), "\(events)")
                #expect(events.last?.contains("audit_unavailable") == true, "\(events)")
            }
            try await client.execute(uri: "/v1/models", method: .get, headers: [.authorization: "Bearer wrong"]) { response in
                #expect(response.status == .serviceUnavailable)
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok, "health is not recorded, so it does not depend on the log")
            }
        }
    }
}
