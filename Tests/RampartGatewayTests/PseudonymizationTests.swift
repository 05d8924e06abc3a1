import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import RampartApp
import RampartCore
import RampartGateway
import RampartPolicy
import RampartPrivacy
import RampartStorage
import RampartTestSupport
import Synchronization
import Testing

/// A test double for an upstream model that repeats what it was sent (so the test can see what left the gateway
/// and what came back), plain or streamed in small pieces.
final class EchoProvider: ModelProvider {
    let received = Mutex<[String]>([])

    func complete(_ request: UpstreamRequest) async throws -> UpstreamCompletion {
        received.withLock { $0.append(request.chat.promptText) }
        return UpstreamCompletion(text: "You wrote: \(request.chat.promptText)", finishReason: "stop", usage: nil, model: "echo")
    }

    func stream(_ request: UpstreamRequest) async throws -> AsyncThrowingStream<UpstreamChunk, any Error> {
        received.withLock { $0.append(request.chat.promptText) }
        let scalars = Array("You wrote: \(request.chat.promptText)".unicodeScalars)
        return AsyncThrowingStream { continuation in
            for start in stride(from: 0, to: scalars.count, by: 5) {
                continuation.yield(UpstreamChunk(text: String(String.UnicodeScalarView(scalars[start..<min(scalars.count, start + 5)]))))
            }
            continuation.yield(UpstreamChunk(text: "", finishReason: "stop"))
            continuation.finish()
        }
    }
}

/// Personal data to a scope 3 workload reaches the upstream pseudonymized and comes back restored, for callers
/// allowed to see it; on SQLite and PostgreSQL.
@Suite struct PseudonymizationTests {
    static let prompt = "Please email jane.doe@example.com about card 4111 1111 1111 1111."

    static func withGateway(_ engine: DatabaseEngine, caller: Caller = TestGateway.caller,
                            _ body: (any ApplicationProtocol, EchoProvider) async throws -> Void) async throws {
        try await TestDatabases.withFresh(engine) { database in
            _ = try await Migrator(logger: TestDatabases.logger).migrate(database)
            try await withTemporaryKeys(database: database) { keys in
                let vault = PseudonymVault(database: database, secret: Array(repeating: 42, count: 32), keys: keys)
                let echo = EchoProvider()
                let deployment = Deployment(name: "echo", provider: "recording", region: "eu-west-1", upstreamModel: "m",
                                            endpoint: .simulator(SimulatorSettings()))
                let table = try RouteTable.build([ModelRoute(model: "assistant", workload: TestGateway.policy(scope: .pretrainedModel),
                                                             deployments: [deployment])]).get()
                let access = TestGateway.access(FixedAuthenticator(caller: caller))
                let output = OutputScanning(pseudonyms: vault, mayReveal: { call in
                    access.authorize(call.caller, .revealPersonalData, call.route.resource, requestID: call.requestID).allowed
                })
                let pipeline = GatewayPipeline(routes: table, access: access, output: output, providers: ["echo": echo],
                                               stages: [InputScanning(pseudonyms: vault)], metrics: GatewayMetrics(), logger: TestGateway.logger)
                try await body(TestGateway.application(pipeline), echo)
            }
        }
    }

    static func body(stream: Bool) -> ByteBuffer {
        let message = String(decoding: try! JSONEncoder().encode(["role": "user", "content": prompt]), as: UTF8.self)
        return ByteBuffer(string: #"{"model":"assistant","stream":\#(stream),"messages":[\#(message)]}"#)
    }

    @Test(arguments: DatabaseEngine.allCases)
    func personalDataLeavesAsTokensAndComesBackRestored(engine: DatabaseEngine) async throws {
        try await Self.withGateway(engine) { app, echo in
            try await app.test(.router) { client in
                try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: Self.body(stream: false)) { response in
                    #expect(response.status == .ok)
                    let text = String(buffer: response.body)
                    #expect(text.contains("You wrote: Please email jane.doe@example.com about card 4111 1111 1111 1111."), "\(text)")
                }
                try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: Self.body(stream: true)) { response in
                    let content = TestGateway.events(String(buffer: response.body)).compactMap { data -> String? in
                        guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(data.utf8)),
                              case .array(let choices)? = json["choices"], case .string(let text)? = choices.first?["delta"]?["content"] else { return nil }
                        return text
                    }.joined()
                    #expect(content == "You wrote: \(Self.prompt)", "\(content)")
                }
            }
            let sent = echo.received.withLock { $0 }
            #expect(sent.count == 2)
            for prompt in sent {
                #expect(!prompt.contains("jane.doe@example.com") && !prompt.contains("4111"), "\(prompt)")
                #expect(prompt.contains("[EMAIL_ADDRESS:") && prompt.contains("[CREDIT_CARD:"), "\(prompt)")
            }
            // One value, one token: the same in both calls.
            #expect(Set(sent).count == 1)
        }
    }

    /// A caller not allowed to see personal data of the workload gets the tokens, not the values.
    @Test func aCallerWithoutPermissionSeesTokens() async throws {
        var caller = TestGateway.caller
        caller.principal.roles = ["data-scientist"]
        try await Self.withGateway(.sqlite, caller: caller) { app, _ in
            try await app.test(.router) { client in
                try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: Self.body(stream: false)) { response in
                    let text = String(buffer: response.body)
                    #expect(response.status == .ok)
                    #expect(text.contains("[EMAIL_ADDRESS:") && !text.contains("jane.doe@example.com"), "\(text)")
                }
            }
        }
    }
}

/// A test double for the directory that authenticates every `TestGateway.apiKey` as the given caller.
struct FixedAuthenticator: Authenticator {
    var caller: Caller
    func authenticate(_ credentials: PresentedCredentials) async -> Result<Caller, AuthenticationFailure> {
        credentials.bearer == TestGateway.apiKey ? .success(caller) : .failure(AuthenticationFailure("test.unknown"))
    }
}
