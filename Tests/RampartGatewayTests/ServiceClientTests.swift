import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
@testable import RampartApp
import RampartAudit
import RampartDetection
import RampartAWS
import RampartGateway
import RampartKeys
import Synchronization
import Testing

/// The services Rampart calls besides models (webhooks, exports, identity providers' keys, guards) are reached only at
/// addresses that pass the address rules: private networks yes, the cloud metadata service never, whether a URL names
/// it or a host name comes to resolve to it (DNS rebinding). Names resolve through an injected resolver (`.test` names
/// resolve nowhere else), so a call that arrives went through the pin.
@Suite struct ServiceClientTests {
    /// How many posts arrived.
    final class Posts: Sendable {
        private let count = Mutex(0)
        func arrived() { count.withLock { $0 += 1 } }
        var total: Int { count.withLock { $0 } }
    }

    /// A test double for a webhook receiver, an export collector and an identity provider at once, counting the posts.
    static func services(posts: Posts) -> some ApplicationProtocol {
        let router = Router()
        router.post("/hook") { _, _ -> HTTPResponse.Status in
            posts.arrived()
            return .ok
        }
        router.get("/keys") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"keys":[]}"#)))
        }
        router.get("/.well-known/openid-configuration") { request, _ -> Response in
            // Names the metadata service as the key set's address: a discovery document is the identity provider's to write.
            let issuer = "http://\(request.head.authority ?? "")"
            let document = #"{"issuer":"\#(issuer)","jwks_uri":"https://169.254.169.254/latest/meta-data/keys"}"#
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: document)))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: TestGateway.logger)
    }

    static let finding = DetectionFinding(
        ruleID: "canary.leak", severity: .critical, description: "A workload's canary appeared in a completion.", subject: .principal,
        subjectValue: "app", tenant: "acme", workload: "support", scope: 2, firstSeen: Date(timeIntervalSince1970: 1_800_000_000),
        lastSeen: Date(timeIntervalSince1970: 1_800_000_000), count: 1, eventID: "e1", credential: "key_1")

    static func webhook(_ url: String, _ client: ServiceClient) -> FindingWebhook {
        FindingWebhook(name: "oncall", url: url, format: .slack, secret: "s", retries: 0, client: client, now: { Date() }, sleep: { _ in })
    }

    static func settings(_ json: String) throws -> OIDCSettings { try JSONDecoder().decode(OIDCSettings.self, from: Data(json.utf8)) }

    @Test(arguments: [
        "https://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/latest", "https://0.0.0.0/", "https://[::]/x",
        "https://[::ffff:169.254.169.254]/", "https://metadata.google.internal/computeMetadata/v1/", "https://METADATA.google.internal/",
    ])
    func theMetadataServiceIsRefusedWithoutACall(_ url: String) async throws {
        let names = DNSRebindingTests.Names(), clock = DNSRebindingTests.Clock()
        let pins = try DNSRebindingTests.pins(names, clock)
        defer { Task { await pins.shutdown() } }
        let client = ServiceClient(pins: pins)
        await #expect(throws: UpstreamError.self) { try await client.execute(.init(url: url), timeout: .seconds(2)) }
        #expect(DeploymentSettings.serviceURLProblem(url) != nil)
        let delivery = await Self.webhook(url, client).post(Self.finding, ticket: false, containments: [])
        guard case .failed(let attempts, let reason) = delivery else { Issue.record("delivered to \(url)"); return }
        #expect(attempts == 1 && reason.contains("refused"))
    }

    /// KMS and STS go through the same pins: a name that comes to resolve to the metadata service is refused before
    /// a request is made, so neither signed requests nor the web identity token are sent there.
    @Test func kmsAndSTSAreReachedOnlyThroughPins() async throws {
        let names = DNSRebindingTests.Names(), clock = DNSRebindingTests.Clock()
        let pins = try DNSRebindingTests.pins(names, clock)
        defer { Task { await pins.shutdown() } }
        let services = ServiceClient(pins: pins)
        names.set("kms.rampart.test", ["169.254.169.254"])
        names.set("sts.rampart.test", ["169.254.169.254"])
        let kms = AWSKMSProvider(endpoint: URL(string: "https://kms.rampart.test")!, region: "eu-west-1",
                                 credentials: .fixed(AWSCredentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "k")),
                                 send: { try await services.execute($0, timeout: $1) })
        do {
            _ = try await kms.createKey(label: "t")
            Issue.record("KMS was called at the metadata service")
        } catch {
            #expect(error.code == .providerUnavailable && "\(error)".contains("refused"), "\(error)")
        }
        let tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-token-\(UUID().uuidString)")
        try Data("eyJhbGciOiJSUzI1NiJ9.e30.c2ln".utf8).write(to: tokenFile)
        defer { try? FileManager.default.removeItem(at: tokenFile) }
        let settings = AWSWebIdentitySettings(roleARN: "arn:aws:iam::123456789012:role/r", tokenFile: tokenFile.path, stsEndpoint: "https://sts.rampart.test")
        let sts = WebIdentityCredentials.source(settings, region: "eu-west-1", send: { try await services.execute($0, timeout: $1) })
        await #expect(throws: (any Error).self) { try await sts.credentials() }
        #expect(pins.pinnedAddress("kms.rampart.test") == nil && pins.pinnedAddress("sts.rampart.test") == nil)
    }

    @Test(arguments: ["http://127.0.0.1:1/", "https://10.1.2.3/hook", "https://hooks.example.com/x", "http://[::1]:8080/x"])
    func privateAndPublicServicesAreAllowed(_ url: String) {
        #expect(DeploymentSettings.serviceURLProblem(url) == nil)
    }

    @Test func webhooksExportsAndKeySetsGoThroughPinsAndNeverToARebinding() async throws {
        let posts = Posts()
        try await Self.services(posts: posts).test(.live) { remote in
            let port = remote.port!
            let names = DNSRebindingTests.Names(), clock = DNSRebindingTests.Clock()
            let pins = try DNSRebindingTests.pins(names, clock)
            let client = ServiceClient(pins: pins)
            names.set("hooks.rampart.test", ["127.0.0.1"])
            names.set("idp.rampart.test", ["10.0.0.7"])  // a private address: allowed for services (nothing listens there; not called)

            let webhook = Self.webhook("http://hooks.rampart.test:\(port)/hook", client)
            #expect(await webhook.post(Self.finding, ticket: false, containments: []) == .delivered(attempts: 1))
            let export = HTTPExportSink(url: "http://hooks.rampart.test:\(port)/hook", token: nil, client: client)
            try await export.send([.object(["class_uid": .int(6003)])])
            let keys = IdentityAssembly.jwksFetch(try Self.settings(#"{"issuer":"https://idp.example.com","audience":["r"],"jwks_url":"http://hooks.rampart.test:\#(port)/keys"}"#), client: client)
            #expect(String(decoding: try await keys(), as: UTF8.self) == #"{"keys":[]}"#)
            #expect(posts.total == 2 && pins.pinnedAddress("hooks.rampart.test") == "127.0.0.1")

            // The name comes to resolve to the metadata service: once the pin is old, nothing is sent there or anywhere.
            names.set("hooks.rampart.test", ["169.254.169.254"])
            clock.advance(.seconds(61))
            guard case .failed(_, let reason) = await webhook.post(Self.finding, ticket: false, containments: []) else {
                Issue.record("delivered after a rebinding"); return
            }
            #expect(reason.contains("refused"))
            await #expect(throws: UpstreamError.self) { try await export.send([.object(["class_uid": .int(6003)])]) }
            await #expect(throws: UpstreamError.self) { try await keys() }
            #expect(posts.total == 2 && pins.pinnedAddress("hooks.rampart.test") == "127.0.0.1")

            // A discovery document naming the metadata service as its key set's address is not followed.
            let discovered = IdentityAssembly.jwksFetch(try Self.settings(#"{"issuer":"http://127.0.0.1:\#(port)","audience":["r"]}"#), client: client)
            await #expect(throws: IdentityAssembly.FetchFailed.self) { try await discovered() }
            await pins.shutdown()
        }
    }
}
