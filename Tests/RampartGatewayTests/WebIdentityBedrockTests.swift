import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import RampartAWS
@testable import RampartApp
@testable import RampartGateway
import RampartTestSupport
import Testing

/// A Bedrock deployment without keys: the gateway exchanges a web identity token with STS (moto's, on 127.0.0.1)
/// for a role's temporary credentials, and the Bedrock test double checks with botocore that each call is signed
/// with them, session token included.
@Suite struct WebIdentityBedrockTests {
    @Test func bedrockIsSignedWithTheRolesTemporaryCredentials() async throws {
        let moto = try await TestPython.start("moto_server.py")
        defer { moto.stop() }
        let tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-web-identity-\(UUID().uuidString)")
        try Data("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cmFtcGFydCJ9.c2lnbmF0dXJl".utf8).write(to: tokenFile)
        defer { try? FileManager.default.removeItem(at: tokenFile) }
        let settings = AWSWebIdentitySettings(roleARN: "arn:aws:iam::123456789012:role/rampart-bedrock", tokenFile: tokenFile.path,
                                              stsEndpoint: "http://127.0.0.1:\(moto.firstLine)")
        let source = WebIdentityCredentials.source(settings, region: "eu-west-1", send: { try await ServiceClient(pins: TestGateway.pins).execute($0, timeout: $1) })
        let issued = try await source.credentials()
        #expect(issued.accessKeyID.hasPrefix("ASIA"), "temporary credentials, not keys")
        let token = try #require(issued.sessionToken)

        let double = try await TestPython.start("bedrock_double.py", [issued.accessKeyID, issued.secretAccessKey, "eu-west-1", token])
        defer { double.stop() }
        let url = "http://127.0.0.1:\(double.firstLine)"
        let deployment = Deployment(name: "bedrock-eu", provider: "upstream", region: "eu-west-1", upstreamModel: "anthropic.claude-3-haiku-20240307-v1:0",
                                    endpoint: .bedrock(baseURL: url, credentials: source), totalTimeout: .seconds(10), idleTimeout: .seconds(5))
        let app = TestGateway.application(try TestGateway.pipeline([deployment]))
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat("hello")) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
            }
        }
        let sent = try await ProviderAdapterTests.last(url)
        #expect(sent["headers"]?["x-amz-security-token"] == .string(token))
    }

    @Test func credentialsThatCannotBeHadFallBackToTheNextDeployment() async throws {
        let missing = AWSWebIdentitySettings(roleARN: "arn:aws:iam::123456789012:role/rampart-bedrock", tokenFile: "/nonexistent/token",
                                             stsEndpoint: "http://127.0.0.1:9")
        let source = WebIdentityCredentials.source(missing, region: "eu-west-1", send: { try await TestGateway.client.execute($0, timeout: $1) })
        let deployment = Deployment(name: "bedrock-eu", provider: "upstream", region: "eu-west-1", upstreamModel: "m",
                                    endpoint: .bedrock(baseURL: "http://127.0.0.1:9", credentials: source), totalTimeout: .seconds(5))
        // Without credentials the deployment is like one that cannot be reached: the next in the chain answers.
        let app = TestGateway.application(try TestGateway.pipeline([deployment, TestGateway.simulator("sim-a")]))
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat()) { response in
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("x-rampart-upstream")!] == "sim-a")
            }
        }
    }
}
