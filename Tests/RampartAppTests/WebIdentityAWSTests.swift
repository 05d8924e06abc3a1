import AsyncHTTPClient
import Crypto
import Foundation
import RampartAWS
@testable import RampartApp
import RampartCore
import RampartKeys
import RampartPosture
import RampartTestSupport
import Testing

/// KMS and the posture scan sign with a web identity's temporary credentials, as the gateway's Bedrock deployments
/// do: the token file is exchanged with moto's STS on 127.0.0.1. moto checks no signature, so the calls go through
/// `aws_signature_gate.py`, which recomputes each signature with botocore from the credentials STS issued (session
/// token included) and refuses any other before it reaches moto.
@Suite struct WebIdentityAWSTests {
    static let client = HTTPClient(eventLoopGroupProvider: .singleton)
    static let role = "arn:aws:iam::123456789012:role/rampart-keys"

    /// STS (moto), the gate in front of it holding the credentials STS issued, and the source that got them.
    struct Account {
        let moto: BackgroundProcess
        let gate: BackgroundProcess
        let source: AWSCredentialSource
        var gateURL: URL { URL(string: "http://127.0.0.1:\(gate.firstLine)")! }

        func stop() {
            gate.stop()
            moto.stop()
        }
    }

    static func account(tokenFile: URL) async throws -> Account {
        let moto = try await TestPython.start("moto_server.py")
        let settings = AWSCredentialSettings(webIdentity: AWSWebIdentitySettings(
            roleARN: role, tokenFile: tokenFile.path, stsEndpoint: "http://127.0.0.1:\(moto.firstLine)"))
        let source = try settings.source(environment: [:], region: "eu-west-1", client: client)
        let issued = try await source.credentials()
        let gate = try await TestPython.start("aws_signature_gate.py",
                                              [moto.firstLine, issued.accessKeyID, issued.secretAccessKey, issued.sessionToken ?? ""])
        return Account(moto: moto, gate: gate, source: source)
    }

    static func withTokenFile(_ body: (URL) async throws -> Void) async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-web-identity-\(UUID().uuidString)")
        try Data("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cmFtcGFydCJ9.c2lnbmF0dXJl".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        try await body(file)
    }

    static func gateCounts(_ account: Account) async throws -> [String: Int] {
        let response = try await client.execute(HTTPClientRequest(url: account.gateURL.absoluteString + "/gate-count"), timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 1 << 16)
        return try JSONDecoder().decode([String: Int].self, from: Data(body.readableBytesView))
    }

    @Test func kmsWrapsAndUnwrapsWithTheRolesTemporaryCredentials() async throws {
        try await Self.withTokenFile { tokenFile in
            let account = try await Self.account(tokenFile: tokenFile)
            defer { account.stop() }
            #expect(account.source.description == "web identity \(Self.role)")
            #expect(try await account.source.credentials().accessKeyID.hasPrefix("ASIA"), "temporary credentials, not keys")
            let kms = AWSKMSProvider(endpoint: account.gateURL, region: "eu-west-1", credentials: account.source, client: Self.client)
            let key = try await kms.createKey(label: "acme/model:fraud-scorer/datasets/v1")
            let context = EncryptionContext(tenant: "acme", owner: "model:fraud-scorer", purpose: "datasets", objectID: "train.jsonl", keyVersion: 1)
            let dataKey = SymmetricKey(size: .bits256)
            let unwrapped = try await kms.unwrap(try await kms.wrap(dataKey, keyID: key, context: context), keyID: key, context: context)
            #expect(unwrapped.withUnsafeBytes { Array($0) } == dataKey.withUnsafeBytes { Array($0) })
            #expect(try await Self.gateCounts(account) == ["passed": 3, "refused": 0])

            // The gate refuses other keys: what passed was signed with the role's credentials, not anything at all.
            let other = AWSKMSProvider(endpoint: account.gateURL, region: "eu-west-1",
                                       credentials: .fixed(AWSCredentials(accessKeyID: "AKIAOTHERKEYS0000000", secretAccessKey: "other")), client: Self.client)
            await #expect(throws: KeyError.self) { _ = try await other.createKey(label: "acme/x/y/v1") }
            #expect(try await Self.gateCounts(account)["refused"] == 1)
        }
    }

    @Test func thePostureScanReadsTheAccountWithTheRolesTemporaryCredentials() async throws {
        try await Self.withTokenFile { tokenFile in
            let account = try await Self.account(tokenFile: tokenFile)
            defer { account.stop() }
            let transport = SignedAWSTransport(client: Self.client, credentials: account.source, endpoint: account.gateURL, attempts: 1)
            let request = AWSAPIRequest(service: "iam", region: "us-east-1", query: [("Action", "ListRoles"), ("Version", "2010-05-08")])
            let response = try await transport.send(request)
            #expect(response.status == 200, "\(String(decoding: response.body, as: UTF8.self))")
            #expect(try await Self.gateCounts(account) == ["passed": 1, "refused": 0])
        }
    }

    @Test func credentialsThatCannotBeHadAreAnErrorNamingNoSecret() async throws {
        // The token file is read when the source is made: a missing one is a configuration error at once.
        let missing = AWSCredentialSettings(webIdentity: AWSWebIdentitySettings(roleARN: Self.role, tokenFile: "/nonexistent/token"))
        #expect(throws: InputError.self) { _ = try missing.source(environment: [:], region: "eu-west-1", client: Self.client) }

        // STS cannot be reached: each user fails with its own stable error, and the message names the role, no key.
        try await Self.withTokenFile { tokenFile in
            let settings = AWSCredentialSettings(webIdentity: AWSWebIdentitySettings(roleARN: Self.role, tokenFile: tokenFile.path,
                                                                                      stsEndpoint: "http://127.0.0.1:9"))
            let source = try settings.source(environment: [:], region: "eu-west-1", client: Self.client)
            let kms = AWSKMSProvider(endpoint: URL(string: "http://127.0.0.1:9")!, region: "eu-west-1", credentials: source, client: Self.client)
            do {
                _ = try await kms.createKey(label: "acme/x/y/v1")
                Issue.record("a key was created without credentials")
            } catch let error as KeyError {
                #expect(error.code == .providerUnavailable)
                #expect(error.message.contains(Self.role))
            }
            let transport = SignedAWSTransport(client: Self.client, credentials: source, endpoint: URL(string: "http://127.0.0.1:9"), attempts: 1)
            do {
                _ = try await transport.send(AWSAPIRequest(service: "iam", region: "us-east-1", query: [("Action", "ListRoles")]))
                Issue.record("the account was read without credentials")
            } catch let error as PostureReadError {
                #expect(error.code == .refused)
            }
        }
    }
}
