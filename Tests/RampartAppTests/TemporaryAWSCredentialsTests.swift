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

/// Temporary AWS credentials for KMS and the posture scan, as for the gateway's Bedrock deployments: a web identity
/// exchanged with moto's STS on 127.0.0.1, or the instance profile from the metadata service. moto checks no
/// signature, so the calls go through `aws_signature_gate.py`, which recomputes each signature with botocore from
/// the credentials STS issued (session token included) and refuses any other before it reaches moto.
@Suite struct TemporaryAWSCredentialsTests {
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

    /// `rampart posture scan aws` as configured: every AWS call through the pinned service client, signed with the
    /// role's temporary credentials given by reference (the gate refuses any other; STS through pins is
    /// ServiceClientTests' to show).
    @Test func theConfiguredAccountScanGoesThroughPins() async throws {
        try await Self.withTokenFile { tokenFile in
            let account = try await Self.account(tokenFile: tokenFile)
            defer { account.stop() }
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-posture-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let config = directory.appendingPathComponent("rampart.yaml")
            try Data("""
                posture:
                  aws:
                    regions: [eu-west-1]
                    endpoint: "\(account.gateURL.absoluteString)"
                    credentials: {access_key_id: env:SCAN_AK, secret_access_key: env:SCAN_SK, session_token: env:SCAN_ST}

                """.utf8).write(to: config)
            let issued = try await account.source.credentials()
            let context = try RampartContext.make(configPath: config.path, dataDirectory: directory.path, environment: [
                "SCAN_AK": issued.accessKeyID, "SCAN_SK": issued.secretAccessKey, "SCAN_ST": issued.sessionToken ?? "",
            ])
            let report = try await PostureCommands.accountReport(context: context)
            #expect(report.unreadable.isEmpty, "\(report.unreadable)")
            #expect(!report.findings.isEmpty)
            let counts = try await Self.gateCounts(account)
            #expect((counts["passed"] ?? 0) > 0 && counts["refused"] == 0, "\(counts)")
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

    @Test func theInstanceProfileIsReadWithAMetadataSessionToken() async throws {
        // moto emulates the metadata service too, with fixed credentials.
        let moto = try await TestPython.start("moto_server.py")
        defer { moto.stop() }
        let fromMoto = try await AWSCredentialSettings(instanceProfile: AWSInstanceProfileSettings(endpoint: "http://127.0.0.1:\(moto.firstLine)"))
            .source(environment: [:], region: "us-east-1", client: Self.client).credentials()
        #expect(fromMoto == AWSCredentials(accessKeyID: "test-key", secretAccessKey: "test-secret-key", sessionToken: "test-session-token"))

        // moto answers without a metadata session token as well; this double, like IMDS with IMDSv1 off, answers
        // only with one, so the credentials it gives show that Rampart asked for a token and sent it.
        let double = try await TestPython.start("imds_v2_double.py", ["rampart-gateway", "ASIAIMDSDOUBLE000001", "secret-from-imds", "session-from-imds"])
        defer { double.stop() }
        let endpoint = "http://127.0.0.1:\(double.firstLine)"
        let source = try AWSCredentialSettings(instanceProfile: AWSInstanceProfileSettings())
            .source(environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": endpoint], region: "eu-west-1", client: Self.client)
        #expect(source.description == "instance profile (listed role) at \(endpoint)")
        #expect(try await source.credentials() == AWSCredentials(accessKeyID: "ASIAIMDSDOUBLE000001", secretAccessKey: "secret-from-imds",
                                                                  sessionToken: "session-from-imds"))
        let counts = try await Self.client.execute(HTTPClientRequest(url: endpoint + "/counts"), timeout: .seconds(5)).body.collect(upTo: 1024)
        #expect(String(buffer: counts) == #"{"refused": 0, "served": 2}"#)

        // A role the instance does not have, and a service that does not answer: errors naming no secret.
        let other = try AWSCredentialSettings(instanceProfile: AWSInstanceProfileSettings(endpoint: endpoint, role: "another-role"))
            .source(environment: [:], region: "eu-west-1", client: Self.client)
        await #expect(throws: AWSCredentialError.self) { _ = try await other.credentials() }
        let silent = try AWSCredentialSettings(instanceProfile: AWSInstanceProfileSettings(endpoint: "http://127.0.0.1:9"))
            .source(environment: [:], region: "eu-west-1", client: Self.client)
        do {
            _ = try await silent.credentials()
            Issue.record("credentials from a service that does not answer")
        } catch let error as AWSCredentialError {
            #expect(error.code == "MetadataServiceUnreachable")
        }
    }
}
