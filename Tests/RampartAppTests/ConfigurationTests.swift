import Foundation
import RampartApp
import RampartAWS
import RampartGateway
import RampartCore
import RampartStorage
import RampartYAML
import Testing

@Suite struct ConfigurationTests {
    func load(_ yaml: String) throws(InputErrors) -> RampartConfiguration {
        try RampartConfiguration.load(YAMLSource(text: yaml, file: "rampart.yaml"))
    }

    func firstError(_ yaml: String) -> InputError? {
        do {
            _ = try load(yaml)
            return nil
        } catch {
            return error.errors.first
        }
    }

    @Test func anEmptyFileMeansTheEmbeddedDefaults() throws {
        let configuration = try load("")
        #expect(configuration.storage.url == .sqlite)
        #expect(configuration.logging.level == .info)
        let location = try configuration.storage.location(dataDirectory: "/var/lib/rampart", environment: [:])
        #expect(location == .sqlite(path: "/var/lib/rampart/rampart.sqlite"))
    }

    @Test func aPostgresURLWithAReferencedPassword() throws {
        let configuration = try load("storage:\n  url: postgres://rampart@db.internal:6432/rampart\n  password: env:PGPASS\nidentity:\n  api_key_secret: env:KEYSECRET\n")
        let location = try configuration.storage.location(dataDirectory: "x", environment: ["PGPASS": "s3cret"])
        guard case .postgres(let target) = location else { Issue.record("expected postgres"); return }
        #expect(target.host == "db.internal" && target.port == 6432 && target.user == "rampart" && target.database == "rampart")
        #expect(target.password == "s3cret")
        #expect(target.tls == .verifyFull)
        #expect(!location.description.contains("s3cret"))
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        var yaml: String
        var code: InputError.Code
        var keyPath: String
        var line: Int
        var testDescription: String { "\(code.rawValue) at \(keyPath)" }
    }

    @Test(arguments: [
        Bad(yaml: "storage:\n  url: postgres://rampart:hunter2@db/rampart\n  password: env:X\n", code: .inlineSecret, keyPath: "storage.url", line: 2),
        Bad(yaml: "storage:\n  url: postgres://rampart@db/rampart\n  password: hunter2\n", code: .inlineSecret, keyPath: "storage.password", line: 3),
        Bad(yaml: "storage:\n  url: postgres://rampart@db/rampart\n", code: .missingValue, keyPath: "storage.password", line: 1),
        Bad(yaml: "storage:\n  url: postgres://rampart@db.internal/rampart?tls=disable\n  password: env:X\n", code: .invalidValue,
            keyPath: "storage.url", line: 2),
        Bad(yaml: "storage:\n  url: mysql://rampart@db/rampart\n", code: .invalidValue, keyPath: "storage.url", line: 2),
        Bad(yaml: "gateway:\n  trusted_proxies: [10.0.0.0/8, 10.0.0.0/33]\n", code: .invalidValue, keyPath: "gateway.trusted_proxies[1]", line: 2),
        Bad(yaml: "gateway:\n  detection:\n    image_hosts:\n      - cdn.example.com\n      - https://images.example.com\n", code: .invalidValue,
            keyPath: "gateway.detection.image_hosts[1]", line: 5),
        Bad(yaml: "gateway:\n  detection:\n    workload_image_hosts:\n      support:\n        - https://images.example.com\n", code: .invalidValue,
            keyPath: "gateway.detection.workload_image_hosts.support[0]", line: 5),
        Bad(yaml: "storage:\n  url: postgres://rampart@db/rampart?sslmode=off\n  password: env:X\n", code: .invalidValue,
            keyPath: "storage.url", line: 2),
        Bad(yaml: "storage:\n  url: sqlite\n  pasword: env:X\n", code: .unknownKey, keyPath: "storage.pasword", line: 3),
        Bad(yaml: "logging:\n  level: loud\n", code: .invalidValue, keyPath: "logging.level", line: 2),
        Bad(yaml: "workloads: ./workloads\n", code: .wrongType, keyPath: "workloads", line: 1),
        Bad(yaml: "gatway: {}\n", code: .unknownKey, keyPath: "gatway", line: 1),
        Bad(yaml: "gateway:\n  tls:\n    certificate: c.pem\n    private_key: \"-----BEGIN PRIVATE KEY-----\"\n", code: .inlineSecret,
            keyPath: "gateway.tls.private_key", line: 4),
        Bad(yaml: "gateway:\n  listen: 0.0.0.0:8080\n", code: .invalidValue, keyPath: "gateway.listen", line: 2),
        Bad(yaml: "gateway:\n  deployments:\n    - {name: a, kind: openai-compatible, provider: openai, region: us, model: m, base_url: \"http://api.example.com/v1\"}\n", code: .invalidValue, keyPath: "gateway.deployments[0].base_url", line: 3),
        Bad(yaml: "gateway:\n  models:\n    - {name: m, workload: w, deployments: [nope]}\n", code: .invalidValue, keyPath: "gateway.models[0].deployments[0]", line: 3),
        Bad(yaml: "gateway:\n  deployments:\n    - {name: a, kind: openai-compatible, provider: p, region: r, model: m, base_url: \"https://10.1.2.3/v1\"}\n",
            code: .invalidValue, keyPath: "gateway.deployments[0].base_url", line: 3),
        Bad(yaml: "gateway:\n  deployments:\n    - {name: a, kind: openai-compatible, provider: p, region: r, model: m, base_url: \"https://169.254.169.254/latest\", allow_private_network: true}\n",
            code: .invalidValue, keyPath: "gateway.deployments[0].base_url", line: 3),
        Bad(yaml: "gateway:\n  deployments:\n    - {name: a, kind: openai-compatible, provider: p, region: r, model: m, base_url: \"https://metadata.google.internal/v1\"}\n",
            code: .invalidValue, keyPath: "gateway.deployments[0].base_url", line: 3),
        Bad(yaml: "gateway:\n  upstream: {allowed_hosts: [api.openai.com]}\n  deployments:\n    - {name: a, kind: openai-compatible, provider: p, region: r, model: m, base_url: \"https://evil.example.com/v1\"}\n",
            code: .invalidValue, keyPath: "gateway.deployments[0].base_url", line: 4),
        Bad(yaml: "keys:\n  providers: [hsm]\n", code: .invalidValue, keyPath: "keys.providers[0]", line: 2),
        Bad(yaml: "keys:\n  tenants:\n    acme: [local, aws-kms]\n", code: .missingValue, keyPath: "keys.tenants.acme[1]", line: 3),
        Bad(yaml: "keys:\n  rotation_days: 0\n", code: .invalidValue, keyPath: "keys.rotation_days", line: 2),
        Bad(yaml: "audit:\n  origin: \"has space\"\n", code: .invalidValue, keyPath: "audit.origin", line: 2),
        Bad(yaml: "audit:\n  checkpoint_seconds: 0\n", code: .invalidValue, keyPath: "audit.checkpoint_seconds", line: 2),
        Bad(yaml: "audit:\n  retention_days:\n    secret: 30\n", code: .invalidValue, keyPath: "audit.retention_days.secret", line: 3),
        Bad(yaml: "audit:\n  retention_days:\n    default: 0\n", code: .invalidValue, keyPath: "audit.retention_days.default", line: 3),
        Bad(yaml: "audit:\n  export:\n    - {name: f, kind: file}\n", code: .missingValue, keyPath: "audit.export[0].path", line: 3),
        Bad(yaml: "audit:\n  export:\n    - {name: s, kind: syslog, address: siem.example.com}\n", code: .invalidValue,
            keyPath: "audit.export[0].address", line: 3),
        Bad(yaml: "audit:\n  export:\n    - {name: h, kind: http, url: \"ftp://x\"}\n", code: .invalidValue, keyPath: "audit.export[0].url", line: 3),
        // Services (exports, guards, identity providers) may be on a private network, never the metadata service.
        Bad(yaml: "audit:\n  export:\n    - {name: h, kind: http, url: \"http://siem.example.com/ingest\"}\n", code: .invalidValue,
            keyPath: "audit.export[0].url", line: 3),
        Bad(yaml: "audit:\n  export:\n    - {name: h, kind: http, url: \"https://169.254.169.254/latest\"}\n", code: .invalidValue,
            keyPath: "audit.export[0].url", line: 3),
        Bad(yaml: "audit:\n  export:\n    - {name: hub, kind: aws-security-hub, region: eu-west-1, account_id: \"123456789012\", endpoint: \"https://[fd00:ec2::254]\"}\n",
            code: .invalidValue, keyPath: "audit.export[0].endpoint", line: 3),
        Bad(yaml: "gateway:\n  guards: [{name: g, url: \"https://metadata.google.internal/check\", failure: closed}]\n", code: .invalidValue,
            keyPath: "gateway.guards[0].url", line: 2),
        Bad(yaml: "gateway:\n  guards: [{name: g, url: \"https://0.0.0.0/check\", failure: closed}]\n", code: .invalidValue,
            keyPath: "gateway.guards[0].url", line: 2),
        Bad(yaml: "identity:\n  oidc:\n    - {issuer: \"https://idp.example.com\", audience: [r], jwks_url: \"https://169.254.169.253/keys\"}\n",
            code: .invalidValue, keyPath: "identity.oidc[0].jwks_url", line: 3),
        Bad(yaml: "audit:\n  export:\n    - {name: hub, kind: aws-security-hub, region: eu-west-1, account_id: \"12\"}\n", code: .invalidValue,
            keyPath: "audit.export[0].account_id", line: 3),
        Bad(yaml: "audit:\n  export:\n    - {name: a, kind: file, path: /x}\n    - {name: a, kind: file, path: /y}\n", code: .invalidValue,
            keyPath: "audit.export[1].name", line: 4),
        Bad(yaml: "audit:\n  export:\n    - {name: a, kind: kafka}\n", code: .invalidValue, keyPath: "audit.export[0].kind", line: 3),
        Bad(yaml: "audit:\n  export:\n    - {name: a, kind: file, path: /x, colour: red}\n", code: .unknownKey, keyPath: "audit.export[0].colour", line: 3),
        Bad(yaml: "keys:\n  rotation:\n    model:fraud/artifacts: 4000\n", code: .invalidValue, keyPath: "keys.rotation.model:fraud/artifacts", line: 3),
        Bad(yaml: "keys:\n  rotation:\n    a/b/c: 30\n", code: .invalidValue, keyPath: "keys.rotation.a/b/c", line: 3),
        Bad(yaml: "keys:\n  local:\n    passphrase: hunter2\n", code: .inlineSecret, keyPath: "keys.local.passphrase", line: 3),
        Bad(yaml: "gateway:\n  deployments:\n    - {name: a, kind: bedrock, region: europe, model: m}\n",
            code: .invalidValue, keyPath: "gateway.deployments[0].region", line: 3),
        Bad(yaml: "gateway:\n  deployments:\n    - {name: a, kind: bedrock, region: eu-west-1, model: m, api_key: env:K}\n",
            code: .invalidValue, keyPath: "gateway.deployments[0].api_key", line: 3),
        Bad(yaml: "gateway:\n  deployments:\n    - name: a\n      kind: bedrock\n      region: eu-west-1\n      model: m\n      aws_credentials:\n        access_key_id: env:A\n        secret_access_key: env:B\n        web_identity: {role_arn: \"arn:aws:iam::123456789012:role/r\", token_file: /t}\n",
            code: .invalidValue, keyPath: "gateway.deployments[0].aws_credentials.web_identity", line: 10),
        Bad(yaml: "gateway:\n  deployments:\n    - name: a\n      kind: bedrock\n      region: eu-west-1\n      model: m\n      aws_credentials:\n        web_identity: {role_arn: nope, token_file: /t}\n",
            code: .invalidValue, keyPath: "gateway.deployments[0].aws_credentials.web_identity.role_arn", line: 8),
        Bad(yaml: "gateway:\n  deployments:\n    - name: a\n      kind: bedrock\n      region: eu-west-1\n      model: m\n      aws_credentials:\n        web_identity: {role_arn: \"arn:aws:iam::123456789012:role/r\"}\n",
            code: .missingValue, keyPath: "gateway.deployments[0].aws_credentials.web_identity.token_file", line: 8),
        Bad(yaml: "gateway:\n  deployments:\n    - name: a\n      kind: bedrock\n      region: eu-west-1\n      model: m\n      aws_credentials:\n        web_identity: {role_arn: \"arn:aws:iam::123456789012:role/r\", token_file: /t, sts_endpoint: \"http://sts.example.com\"}\n",
            code: .invalidValue, keyPath: "gateway.deployments[0].aws_credentials.web_identity.sts_endpoint", line: 8),
        Bad(yaml: "keys:\n  providers: [aws-kms]\n  aws_kms:\n    region: eu-west-1\n    credentials: {instance_profile: {}, access_key_id: env:A}\n",
            code: .invalidValue, keyPath: "keys.aws_kms.credentials.instance_profile", line: 5),
        // KMS and STS are services: never the metadata service or an unspecified address.
        Bad(yaml: "keys:\n  providers: [aws-kms]\n  aws_kms:\n    region: eu-west-1\n    endpoint: \"https://169.254.169.254/\"\n",
            code: .invalidValue, keyPath: "keys.aws_kms.endpoint", line: 5),
        Bad(yaml: "keys:\n  providers: [aws-kms]\n  aws_kms:\n    region: eu-west-1\n    endpoint: \"not a url\"\n",
            code: .invalidValue, keyPath: "keys.aws_kms.endpoint", line: 5),
        Bad(yaml: "gateway:\n  deployments:\n    - name: a\n      kind: bedrock\n      region: eu-west-1\n      model: m\n      aws_credentials:\n        web_identity: {role_arn: \"arn:aws:iam::123456789012:role/r\", token_file: /t, sts_endpoint: \"https://0.0.0.0/\"}\n",
            code: .invalidValue, keyPath: "gateway.deployments[0].aws_credentials.web_identity.sts_endpoint", line: 8),
        Bad(yaml: "posture:\n  aws:\n    regions: [eu-west-1]\n    credentials: {instance_profile: {endpoint: \"http://imds.example.com\"}}\n",
            code: .invalidValue, keyPath: "posture.aws.credentials.instance_profile.endpoint", line: 4),
        // The posture scan's AWS endpoint is a service: https but on loopback, never the metadata service.
        Bad(yaml: "posture:\n  aws:\n    regions: [eu-west-1]\n    endpoint: \"http://aws-proxy.example.com\"\n",
            code: .invalidValue, keyPath: "posture.aws.endpoint", line: 4),
        Bad(yaml: "posture:\n  aws:\n    regions: [eu-west-1]\n    endpoint: \"https://169.254.169.254\"\n",
            code: .invalidValue, keyPath: "posture.aws.endpoint", line: 4),
        Bad(yaml: "gateway:\n  deployments:\n    - {name: a, kind: bedrock, region: eu-west-1, model: m, aws_credentials: {access_key_id: AKIAXXXX, secret_access_key: env:S}}\n",
            code: .inlineSecret, keyPath: "gateway.deployments[0].aws_credentials.access_key_id", line: 3),
        // Bedrock's default endpoint must pass the host allowlist too.
        Bad(yaml: "gateway:\n  upstream: {allowed_hosts: [api.openai.com]}\n  deployments:\n    - {name: a, kind: bedrock, region: eu-west-1, model: m}\n",
            code: .invalidValue, keyPath: "gateway.deployments[0].base_url", line: 4),
        Bad(yaml: "gateway:\n  deployments:\n    - {name: a, kind: anthropic, region: us, model: claude}\n",
            code: .missingValue, keyPath: "gateway.deployments[0].api_key", line: 3),
        Bad(yaml: "gateway:\n  deployments:\n    - {name: a, kind: azure-openai, region: eu, model: gpt-4o, api_key: env:K, base_url: \"https://r.openai.azure.com/openai/deployments/d\"}\n",
            code: .missingValue, keyPath: "gateway.deployments[0].api_version", line: 3),
        Bad(yaml: "gateway:\n  deployments:\n    - {name: a, kind: anthropic, region: us, model: claude, api_key: env:K, api_version: \"1\"}\n",
            code: .invalidValue, keyPath: "gateway.deployments[0].api_version", line: 3),
    ])
    func badConfigurationIsNamedPrecisely(_ c: Bad) {
        let error = firstError(c.yaml)
        #expect(error?.code == c.code)
        #expect(error?.location?.keyPath == c.keyPath)
        #expect(error?.location?.line == c.line)
        #expect(error?.location?.file == "rampart.yaml")
        #expect(error.map { !$0.description.contains("hunter2") } ?? false)
    }

    @Test func bedrockCredentialsComeFromTheAWSEnvironmentByDefault() throws {
        let configuration = try load("gateway:\n  deployments:\n    - {name: b, kind: bedrock, region: eu-west-1, model: m}\n")
        let deployment = try #require(configuration.gateway.deployments.first)
        #expect(deployment.provider == "aws-bedrock")
        #expect(deployment.endpointURL == "https://bedrock-runtime.eu-west-1.amazonaws.com")
        let settings = deployment.awsCredentials ?? .environment
        let credentials = try settings.resolve(environment: ["AWS_ACCESS_KEY_ID": "AKIA1", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "t"])
        #expect(credentials == AWSCredentials(accessKeyID: "AKIA1", secretAccessKey: "s", sessionToken: "t"))
        #expect(throws: InputError.self) { try settings.resolve(environment: ["AWS_ACCESS_KEY_ID": "AKIA1"]) }
        do {
            _ = try settings.resolve(environment: ["AWS_ACCESS_KEY_ID": "AKIA1"])
        } catch {
            #expect(error.message.contains("AWS_SECRET_ACCESS_KEY"))
        }
    }

    @Test func aWebIdentityIsConfiguredOrTakenFromTheAWSEnvironmentWhenThereAreNoKeys() throws {
        let role = "arn:aws:iam::123456789012:role/rampart"
        let environment = ["AWS_ROLE_ARN": role, "AWS_WEB_IDENTITY_TOKEN_FILE": "/var/run/token", "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:1"]
        #expect(AWSCredentialSettings.environment.webIdentityToUse(environment: environment)
                == AWSWebIdentitySettings(roleARN: role, tokenFile: "/var/run/token", sessionName: "rampart", stsEndpoint: "http://127.0.0.1:1"))
        // Keys in the environment come first, as in the AWS SDKs.
        #expect(AWSCredentialSettings.environment.webIdentityToUse(environment: environment.merging(["AWS_ACCESS_KEY_ID": "AKIA1"]) { $1 }) == nil)
        let configuration = try load("""
            gateway:
              deployments:
                - name: b
                  kind: bedrock
                  region: eu-west-1
                  model: m
                  aws_credentials:
                    web_identity: {role_arn: "\(role)", token_file: /var/run/token, session_name: gateway-eu}

            """)
        let settings = try #require(configuration.gateway.deployments.first?.awsCredentials)
        #expect(settings.webIdentityToUse(environment: [:]) == AWSWebIdentitySettings(roleARN: role, tokenFile: "/var/run/token", sessionName: "gateway-eu"))
        // A web identity has no keys to read: `resolve` says so; `source(environment:region:client:)` exchanges it with STS.
        #expect(throws: InputError.self) { try settings.resolve(environment: [:]) }
    }

    @Test func tlsAllowsAnyAddressAndOnlyTheTwoVersions() throws {
        let configuration = try load("gateway:\n  listen: 0.0.0.0:8443\n  tls:\n    certificate: server.pem\n    private_key: file:server.key\n    client_ca: ca.pem\n")
        #expect(configuration.gateway.tls?.minimumVersion == "1.3")
        #expect(configuration.gateway.tls?.clientCA == "ca.pem")
        let error = firstError("gateway:\n  tls:\n    certificate: c.pem\n    private_key: file:k.pem\n    minimum_version: \"1.1\"\n")
        #expect(error?.code == .invalidValue)
        #expect(error?.location?.keyPath == "gateway.tls")
        #expect(error?.message.contains("1.3") == true)
    }

    @Test func secretReferencesResolveOrSayWhichDoesNot() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-secret-\(UUID().uuidString)")
        try "  from-a-file\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try SecretReference(parsing: "file:\(file.path)")?.resolve(environment: [:]) == "from-a-file")
        #expect(try SecretReference(parsing: "env:A")?.resolve(environment: ["A": "x"]) == "x")
        #expect(throws: InputError.self) { try SecretReference(parsing: "env:MISSING")?.resolve(environment: [:]) }
        #expect(SecretReference(parsing: "plain-text") == nil)
        #expect(SecretReference(parsing: "env:") == nil)
        #expect(SecretReference(parsing: "env:BAD-NAME") == nil)
    }

    @Test func showRedactsThePlantedSecret() throws {
        let planted = "planted-\(UUID().uuidString)"
        let configuration = try load("storage:\n  url: postgres://rampart@127.0.0.1/rampart?tls=disable\n  password: env:RAMPART_PG\nidentity:\n  api_key_secret: env:RAMPART_KEY_SECRET\n")
        let shown = ConfigurationRenderer.yaml(configuration, environment: ["RAMPART_PG": planted])
        #expect(!shown.contains(planted))
        #expect(shown.contains("password: env:RAMPART_PG  # resolves; value redacted"))
        let unresolved = ConfigurationRenderer.yaml(configuration, environment: [:])
        #expect(unresolved.contains("does NOT resolve"))
    }

    @Test func dataDirectoryComesFromTheFlagThenTheEnvironment() {
        #expect(RampartContext.dataDirectory(flag: "/a", environment: ["RAMPART_DATA_DIR": "/b"]) == "/a")
        #expect(RampartContext.dataDirectory(flag: nil, environment: ["RAMPART_DATA_DIR": "/b"]) == "/b")
        #expect(RampartContext.dataDirectory(flag: nil, environment: [:]) == "rampart-data")
    }
}

@Suite struct UpstreamAddressTests {
    @Test(arguments: [
        ("10.0.0.1", "private network"), ("172.16.5.4", "private network"), ("172.32.0.1", "public"), ("192.168.1.1", "private network"),
        ("100.64.0.1", "private network"), ("169.254.169.254", "cloud metadata"), ("169.254.1.1", "link-local"), ("127.0.0.1", "loopback"),
        ("0.0.0.0", "unspecified"), ("8.8.8.8", "public"), ("::1", "loopback"), ("fe80::1", "link-local"), ("fd12::1", "private network"),
        ("fd00:ec2::254", "cloud metadata"), ("::ffff:10.0.0.1", "private network"), ("2001:4860::8888", "public"), ("[::1]", "loopback"),
    ])
    func addressesAreClassified(_ address: String, _ kind: String) {
        #expect(UpstreamAddressPolicy.classify(address)?.rawValue == kind)
    }

    @Test func privateNetworksNeedAnExplicitYesAndMetadataIsNeverAllowed() {
        #expect(UpstreamAddressPolicy.classify("api.openai.com") == nil)
        #expect(UpstreamAddressPolicy.refusal(host: "10.0.0.5", resolved: [], allowPrivate: false) != nil)
        #expect(UpstreamAddressPolicy.refusal(host: "10.0.0.5", resolved: [], allowPrivate: true) == nil)
        #expect(UpstreamAddressPolicy.refusal(host: "169.254.169.254", resolved: [], allowPrivate: true) != nil)
        #expect(UpstreamAddressPolicy.refusal(host: "internal.example", resolved: ["8.8.8.8", "192.168.0.7"], allowPrivate: false)?
            .contains("resolves to") == true)
        #expect(UpstreamAddressPolicy.refusal(host: "localhost", resolved: ["127.0.0.1"], allowPrivate: false) == nil)
        #expect(UpstreamAddressPolicy.allowed("eu.api.example.com", by: ["*.example.com"]))
        #expect(!UpstreamAddressPolicy.allowed("example.com.evil.net", by: ["*.example.com"]))
        #expect(UpstreamAddressPolicy.allowed("anything", by: []))
    }
}
