import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import RampartApp
import RampartCore
import RampartGateway
import RampartIdentity
import RampartPolicy
import RampartStorage
import RampartTestSupport
import RampartYAML

/// A whole gateway with real identity for the identity tests: a fresh database of either engine, principals and
/// API keys in it, and a local OIDC issuer (Tests/clients/oidc_issuer.py, Python) serving a real JWKS over HTTP.
struct IdentityWorld: Sendable {
    /// The first instance; `bases` has every instance, all on one database.
    var base: String { bases[0] }
    let bases: [String]
    let issuer: String
    let keys: [String: String]
    let keyIDs: [String: String]
    let context: RampartContext
    let database: Database

    static let manifests: [String: String] = [
        "chat.yaml": TestManifests.chat,
        "hr.yaml": """
            name: hr
            owner: people@example.com
            description: Fine-tuned on HR case files.
            answers: {access: own-application, model_customization: fine-tuned, training_data: fine-tuning-data}
            providers: [{name: simulator}]
            data: {classification: internal}
            training_data: {classification: restricted, kinds: [pii]}
            regions: [eu-west-1]
            users: employees
            """,
    ]

    static func configuration(issuer: String, extra: String, identity: String, price: String) -> String {
        """
        workloads: [./workloads]
        gateway:
          deployments: [{name: sim, kind: simulator, region: eu-west-1, model: sim, first_token_delay_ms: 0, tokens_per_second: 0}]
          models:
            - {name: assistant, workload: chat, deployments: [sim]\(price)}
            - {name: assistant-b, workload: chat, deployments: [sim]}
            - {name: hr-model, workload: hr, deployments: [sim]}
          aliases:
            - {name: smart, models: [hr-model, assistant]}
        \(extra)
        identity:
          cache_seconds: 0.3
          oidc:
            - issuer: \(issuer)
              audience: [rampart]
              tenant: acme
              groups_claim: groups
              roles_for_groups: {ml: [data-scientist], admins: [admin]}
              clearance_claim: clearance
              jwks_refresh_seconds: 1
        \(identity)
        """
    }

    /// Builds the world on `engine`, runs `body`, and takes it all down.
    static func with(
        _ engine: DatabaseEngine, instances: Int = 1, extraGateway: String = "", extraIdentity: String = "", price: String = "",
        logger: Logger = TestGateway.logger,
        _ body: (IdentityWorld) async throws -> Void
    ) async throws {
        let issuerProcess = try await TestPython.start("oidc_issuer.py")
        defer { issuerProcess.stop() }
        let issuer = "http://127.0.0.1:\(issuerProcess.firstLine)"

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-id-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("workloads"), withIntermediateDirectories: true)
        for (name, text) in manifests { try text.write(to: directory.appendingPathComponent("workloads/\(name)"), atomically: true, encoding: .utf8) }
        let configPath = directory.appendingPathComponent("rampart.yaml").path
        try configuration(issuer: issuer, extra: extraGateway, identity: extraIdentity, price: price).write(toFile: configPath, atomically: true, encoding: .utf8)

        var context = RampartContext(dataDirectory: directory.path, logger: logger)
        context.configuration = try RampartConfiguration.load(path: configPath)
        let (location, cleanup) = try await TestDatabases.freshLocation(engine)
        let database = try await Database.open(location, logger: TestGateway.logger)
        do {
            _ = try await Migrator(logger: TestGateway.logger).migrate(database)
            let (keys, ids) = try await populate(context: context, database: database)
            try await serve(instances: instances, location: location, context: context, first: database) { ports in
                try await body(IdentityWorld(bases: ports.map { "http://127.0.0.1:\($0)" }, issuer: issuer, keys: keys, keyIDs: ids,
                                             context: context, database: database))
            }
        } catch {
            await database.close()
            await cleanup()
            throw error
        }
        await database.close()
        await cleanup()
    }

    /// Runs `instances` gateways, each with its own connection pool to the same database, as separate processes would.
    static func serve(instances: Int, location: StorageLocation, context: RampartContext, first: Database, ports: [Int] = [],
                      _ body: ([Int]) async throws -> Void) async throws {
        guard ports.count < instances else { return try await body(ports) }
        let database = ports.isEmpty ? first : try await Database.open(location, logger: TestGateway.logger)
        do {
            try await RunningServer.with({
                try await GatewayServer.application(context: context, database: database, client: TestGateway.client, pins: TestGateway.pins, port: 0, onServerRunning: $0)
            }, logger: TestGateway.logger) { port, _ in
                try await serve(instances: instances, location: location, context: context, first: first, ports: ports + [port], body)
            }
        } catch {
            if !ports.isEmpty { await database.close() }
            throw error
        }
        if !ports.isEmpty { await database.close() }
    }

    /// The directory every case starts from.
    static func populate(context: RampartContext, database: Database) async throws -> ([String: String], [String: String]) {
        let (principals, keys, _) = try IdentityCommands.stores(context: context, database: database)
        let app = PrincipalAttributes(clearance: .internal, workloads: ["chat"])
        for principal in [
            Principal(id: "app", tenant: "acme", kind: .application, roles: ["application"], attributes: app),
            Principal(id: "cleared-app", tenant: "acme", kind: .application, roles: ["application"],
                      attributes: PrincipalAttributes(clearance: .restricted, workloads: ["chat", "hr"])),
            Principal(id: "no-roles", tenant: "acme", kind: .application, attributes: app),
            Principal(id: "gone", tenant: "acme", kind: .application, roles: ["application"], attributes: app, disabled: true),
            Principal(id: "admin-svc", tenant: "acme", kind: .service, roles: ["admin"]),
            Principal(id: "globex-app", tenant: "globex", kind: .application, roles: ["application"], attributes: app),
            Principal(id: "globex-admin", tenant: "globex", kind: .service, roles: ["admin"]),
            // OIDC users known to the directory: one disabled, one in another tenant than the issuer's.
            Principal(id: "carol", tenant: "acme", kind: .user, roles: ["data-scientist"], disabled: true),
            Principal(id: "dave", tenant: "globex", kind: .user, roles: ["data-scientist"]),
        ] {
            try await principals.create(principal)
        }
        var made: [String: String] = [:]
        var ids: [String: String] = [:]
        func key(_ name: String, for principal: String, scope: CredentialScope = CredentialScope(), expiresAt: Date? = nil) async throws {
            let (secret, record) = try await keys.create(for: principal, name: name, scope: scope, expiresAt: expiresAt)
            made[name] = secret
            ids[name] = record.id
        }
        try await key("app", for: "app")
        try await key("cleared", for: "cleared-app")
        try await key("no-roles", for: "no-roles")
        try await key("gone", for: "gone")
        try await key("admin", for: "admin-svc")
        try await key("globex", for: "globex-app")
        try await key("globex-admin", for: "globex-admin")
        try await key("scoped", for: "app", scope: CredentialScope(models: ["assistant-b"]))
        try await key("revoked", for: "app")
        try await keys.revoke(id: ids["revoked"]!, tenant: nil)
        try await key("replay", for: "app")
        // Made by a clock two hours back, valid for one hour: expired now.
        let past = context.clock.now.addingTimeInterval(-7200)
        var earlier = context
        earlier.clock = .fixed(past)
        let (_, pastKeys, _) = try IdentityCommands.stores(context: earlier, database: database)
        let (expired, record) = try await pastKeys.create(for: "app", name: "expired", expiresAt: past.addingTimeInterval(3600))
        made["expired"] = expired
        ids["expired"] = record.id
        return (made, ids)
    }

    // MARK: - Calls

    struct Answer: Sendable {
        var status: Int
        var body: String
        var headers: [(String, String)]
    }

    func send(_ method: String = "POST", _ path: String = "/v1/chat/completions", headers: [(String, String)], body: String? = nil,
              instance: Int = 0) async throws -> Answer {
        var request = HTTPClientRequest(url: bases[instance] + path)
        request.method = .init(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body = body ?? (method == "POST" && path == "/v1/chat/completions" ? Self.chat("assistant") : nil) {
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await TestGateway.client.execute(request, timeout: .seconds(15))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        return Answer(status: Int(response.status.code), body: text, headers: response.headers.map { ($0.name, $0.value) })
    }

    static func chat(_ model: String) -> String {
        #"{"model":"\#(model)","max_tokens":8,"messages":[{"role":"user","content":"hello"}]}"#
    }

    func bearer(_ name: String) -> [(String, String)] { [("authorization", "Bearer \(keys[name]!)")] }

    // MARK: - Tokens from the issuer

    /// Claims of a good token for `bob` (group ml, clearance internal, password only), with changes.
    func claims(_ changes: [String: JSONValue?] = [:]) -> [String: JSONValue] {
        let now = Date().timeIntervalSince1970.rounded()
        var claims: [String: JSONValue] = [
            "iss": .string(issuer), "aud": .string("rampart"), "sub": .string("bob"), "exp": .number(now + 300), "iat": .number(now),
            "groups": .array([.string("ml")]), "clearance": .string("internal"), "amr": .array([.string("pwd")]), "jti": .string(UUID().uuidString),
        ]
        for (key, value) in changes { claims[key] = value ?? nil }
        return claims
    }

    func token(key: String = "rsa-1", mode: String = "pyjwt", claims: [String: JSONValue]? = nil, header: [String: JSONValue] = [:]) async throws -> String {
        let spec: JSONValue = .object(["key": .string(key), "mode": .string(mode), "claims": .object(claims ?? self.claims()), "header": .object(header)])
        var request = HTTPClientRequest(url: issuer + "/mint")
        request.method = .POST
        request.body = .bytes(ByteBuffer(data: try JSONEncoder().encode(spec)))
        let response = try await TestGateway.client.execute(request, timeout: .seconds(10))
        let json = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: try await response.body.collect(upTo: 1 << 20)))
        guard case .string(let token)? = json["token"] else { throw IssuerFailed() }
        return token
    }

    func issuer(_ path: String, post: Bool = false) async throws -> JSONValue {
        var request = HTTPClientRequest(url: issuer + path)
        if post { request.method = .POST }
        let response = try await TestGateway.client.execute(request, timeout: .seconds(10))
        return try JSONDecoder().decode(JSONValue.self, from: Data(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    struct IssuerFailed: Error {}
}
