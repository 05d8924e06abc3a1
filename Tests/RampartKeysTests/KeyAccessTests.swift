import Foundation
import RampartCore
import RampartKeys
import RampartPolicy
import RampartStorage
import RampartTestSupport
import Synchronization
import Testing

/// The key access policy: who may use which key for what, decided by the policy engine on every operation, with
/// encrypt and decrypt separate, people decrypting only under break-glass, and every decision a key-usage event.
@Suite struct KeyAccessTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    static func person(_ id: String, roles: Set<String>, mfa: Bool, breakGlassHours: Double? = nil, tenant: String = "acme") -> KeyCaller {
        .identity(Caller(
            principal: Principal(id: id, tenant: tenant, kind: .user, roles: roles,
                                 attributes: PrincipalAttributes(breakGlassUntil: breakGlassHours.map { now.addingTimeInterval($0 * 3600) })),
            authentication: AuthenticationFacts(method: .oidc, multiFactor: mfa, credentialID: "jti-\(id)")))
    }

    static let writer = KeyCaller.identity(Caller(principal: Principal(id: "writer", tenant: "acme", kind: .service),
                                                  authentication: AuthenticationFacts(method: .apiKey, credentialID: "rk_writer")))
    static let foreignPipeline = KeyCaller.identity(Caller(principal: Principal(id: "pipeline", tenant: "globex", kind: .service),
                                                           authentication: AuthenticationFacts(method: .mutualTLS, credentialID: "CN=pipeline")))

    /// One row: a caller opens an artifact-purpose envelope of `acme`; allowed or denied, by which rules, with an alert or not.
    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var caller: KeyCaller?
        var allowed: Bool
        var rules: [String]
        var alert: Bool = false
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "a service identity granted key:* decrypts", caller: KeyCallers.pipeline, allowed: true, rules: ["test.pipeline-keys"]),
        Row(name: "a service granted only key:encrypt does not decrypt (default deny)", caller: writer, allowed: false, rules: []),
        Row(name: "the local operator does not decrypt", caller: .localOperator, allowed: false, rules: ["builtin.keys.people-do-not-decrypt"]),
        Row(name: "Rampart's services do not decrypt models' keys", caller: .rampart, allowed: false, rules: []),
        Row(name: "an admin with MFA does not decrypt", caller: person("alice", roles: ["admin"], mfa: true), allowed: false,
            rules: ["builtin.keys.people-do-not-decrypt"]),
        Row(name: "break-glass with MFA in its window decrypts, with an alert",
            caller: person("bob", roles: ["break-glass"], mfa: true, breakGlassHours: 1), allowed: true, rules: ["builtin.role.break-glass"], alert: true),
        Row(name: "break-glass without MFA does not", caller: person("bob", roles: ["break-glass"], mfa: false, breakGlassHours: 1), allowed: false,
            rules: ["builtin.keys.people-do-not-decrypt", "builtin.break-glass-needs-mfa"]),
        Row(name: "break-glass after its window does not", caller: person("bob", roles: ["break-glass"], mfa: true, breakGlassHours: -1), allowed: false,
            rules: ["builtin.keys.people-do-not-decrypt", "builtin.break-glass-window"]),
        Row(name: "the same service id in another tenant does not", caller: foreignPipeline, allowed: false, rules: ["builtin.tenant-isolation"]),
        Row(name: "no caller at all does nothing", caller: nil, allowed: false, rules: []),
    ]

    /// The key-usage events of one test.
    final class Events: Sendable {
        let list = Mutex<[KeyUsageEvent]>([])
        func append(_ event: KeyUsageEvent) { list.withLock { $0.append(event) } }
        func removeAll() { list.withLock { $0.removeAll() } }
        var all: [KeyUsageEvent] { list.withLock { $0 } }
    }

    static func with(_ body: (KeyHierarchy, Events) async throws -> Void) async throws {
        try await withTemporaryKeyring { provider, _ in
            try await TestDatabases.withFresh(.sqlite) { database in
                _ = try await Migrator(logger: TestDatabases.logger).migrate(database)
                let events = Events()
                var keys = KeyHierarchy(catalog: KeyCatalog(database: database), providers: [provider], defaultProviders: ["local"],
                                        clock: WallClock { now }, policy: KeyCallers.policy)
                keys.usage = { event in events.append(event) }
                try await body(keys, events)
            }
        }
    }

    @Test(arguments: rows)
    func decryptingIsDecidedByThePolicy(_ row: Row) async throws {
        try await Self.with { keys, events in
            let sealed = try await keys.acting(as: KeyCallers.pipeline).seal(Array("weights".utf8), tenant: "acme", owner: "model:m",
                                                                               purpose: "artifacts", objectID: "w")
            events.removeAll()
            let hierarchy = row.caller.map(keys.acting(as:)) ?? keys
            let code = await keyErrorCode { _ = try await hierarchy.open(sealed, tenant: "acme", owner: "model:m", purpose: "artifacts", objectID: "w") }
            #expect(code == (row.allowed ? nil : .accessDenied))
            let event = try #require(events.all.last)
            #expect(event.operation == .open && event.caller == (row.caller?.name ?? "nobody"))
            #expect(event.outcome == (row.allowed ? .success : .failure(.accessDenied)))
            #expect(Set(event.rules) == Set(row.rules), "\(event.rules)")
            #expect(event.alert == row.alert)
        }
    }

    @Test func encryptAndDecryptAreSeparatePermissions() async throws {
        try await Self.with { keys, _ in
            let writer = keys.acting(as: Self.writer)
            let sealed = try await writer.seal(Array("dataset".utf8), tenant: "acme", owner: "model:m", purpose: "artifacts", objectID: "d")
            #expect(await keyErrorCode { _ = try await writer.open(sealed, tenant: "acme", owner: "model:m", purpose: "artifacts", objectID: "d") } == .accessDenied)
            // Its grant names model keys for artifacts only.
            #expect(await keyErrorCode { _ = try await writer.seal([1], tenant: "acme", owner: "model:m", purpose: "logs", objectID: "l") } == .accessDenied)
            #expect(await keyErrorCode { try await writer.rotate(tenant: "acme", owner: "model:m", purpose: "artifacts") } == .accessDenied)
            #expect(await keyErrorCode { _ = try await writer.shred(tenant: "acme", owner: "model:m") } == .accessDenied)
            #expect(try await keys.acting(as: KeyCallers.pipeline).open(sealed, tenant: "acme", owner: "model:m", purpose: "artifacts", objectID: "d")
                == Array("dataset".utf8))
        }
    }

    @Test func theLocalOperatorSealsRotatesAndShredsButNeverDecrypts() async throws {
        try await Self.with { keys, _ in
            let local = keys.acting(as: .localOperator)
            let sealed = try await local.seal([7], tenant: "acme", owner: "model:m", purpose: "artifacts", objectID: "x")
            #expect(try await local.rotate(tenant: "acme", owner: "model:m", purpose: "artifacts").version == 2)
            #expect(await keyErrorCode { _ = try await local.open(sealed, tenant: "acme", owner: "model:m", purpose: "artifacts", objectID: "x") } == .accessDenied)
            #expect(try await local.rewrap(sealed, tenant: "acme", owner: "model:m", purpose: "artifacts", objectID: "x")?.version == 2)
            #expect(try await local.shred(tenant: "acme", owner: "model:m") == 2)
        }
    }

    /// Repeated denied opens of one key raise a finding, as repeated failed unwraps do.
    @Test func repeatedDenialsRaiseAFinding() async throws {
        try await Self.with { keys, events in
            let sealed = try await keys.acting(as: KeyCallers.pipeline).seal([1], tenant: "acme", owner: "model:m", purpose: "artifacts", objectID: "w")
            let intruder = keys.acting(as: Self.writer)
            for _ in 0..<5 { _ = try? await intruder.open(sealed, tenant: "acme", owner: "model:m", purpose: "artifacts", objectID: "w") }
            var window = UnwrapFailureWindow(threshold: 5, window: 300)
            let findings = events.all.compactMap { window.record($0) }
            #expect(findings.count == 1 && findings.first?.lastCode == .accessDenied && findings.first?.key == "acme/model:m/artifacts")
        }
    }
}
