import AsyncHTTPClient
import Foundation
import NIOSSL
import RampartApp
import RampartCore
import RampartGateway
import RampartIdentity
import RampartPolicy
import RampartStorage
import RampartTestSupport
import RampartYAML
import Testing

/// Identity over time and across instances: revocation, budgets under concurrency, key rotation at the issuer,
/// mutual TLS, and what must never reach the logs.
@Suite(.serialized) struct IdentityLifecycleTests {
    /// Two gateway instances on one PostgreSQL: a key revoked through one is refused by the other within
    /// `identity.cache_seconds` (0.3 s here), and a replayed key stays refused.
    @Test func aKeyRevokedOnOneInstanceIsRefusedByTheOtherWithinTheCacheTime() async throws {
        try await IdentityWorld.with(.postgres, instances: 2) { world in
            for instance in 0..<2 { #expect(try await world.send(headers: world.bearer("replay"), instance: instance).status == 200) }
            let revoked = try await world.send("DELETE", "/admin/v1/apikeys/\(world.keyIDs["replay"]!)", headers: world.bearer("admin"))
            #expect(revoked.status == 200, "\(revoked.body)")
            let started = ContinuousClock.now
            var refusedAfter: Duration?
            while ContinuousClock.now - started < .seconds(3) {
                if try await world.send(headers: world.bearer("replay"), instance: 1).status == 401 {
                    refusedAfter = ContinuousClock.now - started
                    break
                }
                try await Task.sleep(for: .milliseconds(25))
            }
            let bound = Duration.milliseconds(Int(world.context.configuration.identity.cacheSeconds * 1000))
            #expect(refusedAfter != nil)
            // The bound is the cache time; the slack covers the polling and a loaded machine's request latency.
            #expect((refusedAfter ?? .seconds(99)) <= bound + .milliseconds(700), "refused after \(String(describing: refusedAfter))")
            for instance in 0..<2 { #expect(try await world.send(headers: world.bearer("replay"), instance: instance).status == 401) }
        }
    }

    /// 200 concurrent requests over two instances against a budget that covers exactly 50 of them.
    @Test func twoHundredConcurrentRequestsAgainstABudgetOfFiftyLetExactlyFiftyThrough() async throws {
        try await IdentityWorld.with(.postgres, instances: 2, price: ", price: {currency: USD, per_request: 1.00}") { world in
            let set = try await world.send("PUT", "/admin/v1/budgets", headers: world.bearer("admin"),
                                           body: #"{"subject":"principal:app","limit":50,"currency":"USD","period":"total"}"#)
            #expect(set.status == 200, "\(set.body)")
            let answers = try await withThrowingTaskGroup(of: IdentityWorld.Answer.self) { group in
                for i in 0..<200 { group.addTask { try await world.send(headers: world.bearer("app"), instance: i % 2) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.count { $0.status == 200 } == 50)
            let refused = answers.filter { $0.status == 429 }
            #expect(refused.count == 150)
            #expect(refused.allSatisfy { $0.body.contains("budget_exceeded") && $0.body.contains("principal:app") })
            #expect(refused.allSatisfy { answer in answer.headers.contains { $0.0.lowercased() == "retry-after" } })
            let budgets = try await world.send("GET", "/admin/v1/budgets", headers: world.bearer("admin"))
            #expect(budgets.body.contains(#""spent_micros":50000000"#), "\(budgets.body)")
        }
    }

    /// Tokens naming made-up key ids cannot make the gateway hammer the issuer; a key the issuer rotates in is
    /// picked up once the refresh interval (1 s here) allows.
    @Test func jwksRefreshIsRateLimitedAndFollowsRotation() async throws {
        try await IdentityWorld.with(.sqlite) { world in
            #expect(try await world.send(headers: [("authorization", "Bearer \(try await world.token())")]).status == 200)
            for _ in 0..<25 {
                let forged = try await world.token(key: "rsa-1", header: ["kid": .string(UUID().uuidString)])
                #expect(try await world.send(headers: [("authorization", "Bearer \(forged)")]).status == 401)
            }
            let fetches = try await world.issuer("/stats")["jwks_fetches"]
            guard case .number(let count)? = fetches else { Issue.record("no stats"); return }
            #expect(count <= 2, "\(count) fetches for 26 tokens")
            _ = try await world.issuer("/rotate", post: true)
            try await Task.sleep(for: .milliseconds(1100))
            #expect(try await world.send(headers: [("authorization", "Bearer \(try await world.token(key: "rsa-2"))")]).status == 200)
        }
    }

    /// Keys, tokens and personal claims planted in requests never appear in the logs, at trace level.
    @Test func credentialsNeverReachTheLogs() async throws {
        let capture = LogCapture()
        try await IdentityWorld.with(.sqlite, logger: capture.logger()) { world in
            let token = try await world.token(claims: world.claims(["name": .string("Jane Planted-Person")]))
            var planted = Array(world.keys.values) + [token, String(token.split(separator: ".")[2])]
            let wrong = IdentityHostileTests.flip(world.keys["app"]!, at: -1)
            planted.append(wrong)
            for headers in [world.bearer("app"), world.bearer("revoked"), world.bearer("expired"), [("authorization", "Bearer \(wrong)")],
                            [("authorization", "Bearer \(token)")], [("authorization", "Bearer \(token.dropLast(4))")],
                            [("x-api-key", world.keys["gone"]!)]] {
                _ = try await world.send(headers: headers)
            }
            let created = try await world.send("POST", "/admin/v1/apikeys", headers: world.bearer("admin"), body: #"{"principal":"app","name":"new"}"#)
            #expect(created.status == 201)
            if case .string(let key)? = try JSONDecoder().decode(JSONValue.self, from: Data(created.body.utf8))["key"] { planted.append(key) }
            let logs = capture.text
            #expect(logs.contains("authentication failed"), "the failures were not logged at all")
            #expect(logs.contains("apikey.revoked") && logs.contains("apikey.expired") && logs.contains("principal.disabled"))
            for secret in planted + ["Jane Planted-Person"] { #expect(!logs.contains(secret), "the logs hold \(secret.prefix(16))…") }
        }
    }

    /// A client certificate maps to a service principal by subject or by URI name; an unmapped one is refused.
    @Test func mutualTLSCertificatesMapToServicePrincipals() async throws {
        let pki = try TestPKI()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-mtls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, text) in [("server.pem", pki.serverPEM), ("server.key", pki.serverKeyPEM), ("ca.pem", pki.caPEM)] {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        for (name, text) in IdentityWorld.manifests { try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let yaml = """
            workloads: [\(directory.path)]
            gateway:
              listen: 127.0.0.1:0
              tls: {certificate: \(directory.path)/server.pem, private_key: file:\(directory.path)/server.key, client_ca: \(directory.path)/ca.pem}
              deployments: [{name: sim, kind: simulator, region: eu-west-1, model: sim}]
              models: [{name: assistant, workload: chat, deployments: [sim]}]
            identity:
              mtls:
                - {subject: "CN=billing-service,O=Example", principal: billing}
                - {name: "spiffe://example.org/ns/prod/sa/ledger", principal: ledger}
                - {subject: "CN=a-person", principal: bob}
            """
        var context = RampartContext(dataDirectory: directory.path, logger: TestGateway.logger)
        context.configuration = try RampartConfiguration.load(YAMLSource(text: yaml, file: "rampart.yaml"))
        try await context.withStorage { database in try await serveMappedCertificates(context: context, database: database, pki: pki) }
    }

    func serveMappedCertificates(context: RampartContext, database: Database, pki: TestPKI) async throws {
        let (principals, _, _) = try IdentityCommands.stores(context: context, database: database)
        let grant = PrincipalAttributes(clearance: .internal, workloads: ["chat"])
        try await principals.create(Principal(id: "billing", tenant: "acme", kind: .service, roles: ["application"], attributes: grant))
        try await principals.create(Principal(id: "ledger", tenant: "acme", kind: .service, roles: ["application"], attributes: grant))
        try await principals.create(Principal(id: "bob", tenant: "acme", kind: .user, roles: ["application"], attributes: grant))
        try await RunningServer.with({
            try await GatewayServer.application(context: context, database: database, client: TestGateway.client, pins: TestGateway.pins, port: 0, onServerRunning: $0)
        }, logger: TestGateway.logger) { (port, _) async throws -> Void in
            func post(_ tls: TLSConfiguration) async throws -> Int { try await TransportSecurityTests.post(port: port, tls: tls) }
            #expect(try await post(pki.client(certificate: true)) == 200)
            #expect(try await post(pki.otherClient(commonName: "ledger", uri: "spiffe://example.org/ns/prod/sa/ledger")) == 200)
            #expect(try await post(pki.otherClient(commonName: "stranger", uri: "spiffe://example.org/ns/prod/sa/stranger")) == 401)
            #expect(try await post(pki.otherClient(commonName: "a-person")) == 401)
        }
    }
}
