import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import RampartCore
import RampartGateway
import RampartPolicy
import HTTPTypes
import Testing

/// Builds gateways for tests from plain values.
enum TestGateway {
    static let logger: Logger = {
        var logger = Logger(label: "rampart.test.gateway")
        logger.logLevel = .critical
        return logger
    }()

    /// One upstream client for the whole test run, configured as the gateway's own.
    static let client = try! UpstreamClient.make()

    /// Pins over `client` for the whole test run (host names get a pinned client of their own; tests of pinning make theirs).
    static let pins = PinnedUpstreamClients(shared: client, configuration: try! UpstreamClient.configuration())

    /// The one credential `TestAuthenticator` accepts, and the headers that present it.
    static let apiKey = "test-key-for-gateway-behaviour"
    static let auth: HTTPFields = [.authorization: "Bearer \(apiKey)"]

    /// An application cleared for everything, granted the test workload.
    static let caller = Caller(
        principal: Principal(id: "tester", tenant: "test", kind: .application, roles: ["application"],
                             attributes: PrincipalAttributes(clearance: .restricted, workloads: ["test-workload"])),
        authentication: AuthenticationFacts(method: .apiKey, credentialID: "test"))

    /// Access control for tests of gateway behaviour other than identity: the real policy engine, and a test double
    /// for the directory (the identity tests run the real `GatewayAuthenticator` on SQLite and PostgreSQL).
    static func access(_ authenticator: any Authenticator = TestAuthenticator()) -> AccessControl {
        AccessControl(authenticator: authenticator, engine: PolicyEngine(rules: BuiltinPolicies.rules()), logger: logger)
    }

    static func policy(providers: [String: Set<String>] = ["simulator": [], "upstream": [], "recording": []], regions: Set<String> = ["eu-west-1"],
                       scope: Scope = .pretrainedModel) -> WorkloadPolicy {
        WorkloadPolicy(name: "test-workload", scope: scope, classification: .internal, providers: providers, regions: regions)
    }

    static func simulator(_ name: String, region: String = "eu-west-1") -> Deployment {
        Deployment(name: name, provider: "simulator", region: region, upstreamModel: "sim", endpoint: .simulator(SimulatorSettings()))
    }

    static func upstream(_ name: String, url: String, model: String = "assistant", apiKey: String? = nil) -> Deployment {
        Deployment(name: name, provider: "upstream", region: "eu-west-1", upstreamModel: model,
                   endpoint: .openAICompatible(baseURL: url, apiKey: apiKey), totalTimeout: .seconds(10))
    }

    static func pipeline(_ deployments: [Deployment], client: HTTPClient? = nil, pins: PinnedUpstreamClients? = nil,
                         limits: PromptLimits = PromptLimits(), metrics: GatewayMetrics = GatewayMetrics()) throws -> GatewayPipeline {
        let table = try RouteTable.build([ModelRoute(model: "assistant", workload: policy(), deployments: deployments)]).get()
        var providers: [String: any ModelProvider] = [:]
        for deployment in deployments {
            providers[deployment.name] = ModelProviders.provider(for: deployment.endpoint, client: client ?? Self.client, pins: pins)
        }
        return GatewayPipeline(routes: table, access: access(), providers: providers, stages: [limits], metrics: metrics, logger: logger)
    }

    static func application(_ pipeline: GatewayPipeline, maximumBodyBytes: Int = 1 << 20) -> some ApplicationProtocol {
        Application(router: GatewayRouter.make(pipeline: pipeline, limits: HTTPLimits(maximumBodyBytes: maximumBodyBytes)),
                    configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
    }

    static func chat(_ content: String = "hello", stream: Bool = false, extra: String = "") -> ByteBuffer {
        ByteBuffer(string: #"{"model":"assistant","messages":[{"role":"user","content":"\#(content)"}],"stream":\#(stream)\#(extra)}"#)
    }

    static func json(_ buffer: ByteBuffer) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(buffer: buffer))
    }

    /// The `data:` payloads of an SSE body.
    static func events(_ body: String) -> [String] {
        var parser = SSEParser()
        return ((try? parser.feed(Array(body.utf8))) ?? []).map(\.data)
    }

    /// Checks the OpenAI error shape and returns the code.
    static func errorCode(_ buffer: ByteBuffer) -> String? {
        guard let json = try? json(buffer), case .object(let error)? = json["error"],
              case .string(let message)? = error["message"], !message.isEmpty, case .string? = error["type"],
              error["param"] != nil, case .string(let code)? = error["code"]
        else { return nil }
        return code
    }
}

/// A test double for the identity directory: accepts exactly `TestGateway.apiKey`, as `TestGateway.caller`.
struct TestAuthenticator: Authenticator {
    func authenticate(_ credentials: PresentedCredentials) async -> Result<Caller, AuthenticationFailure> {
        credentials.bearer == TestGateway.apiKey ? .success(TestGateway.caller) : .failure(AuthenticationFailure("test.unknown"))
    }
}
