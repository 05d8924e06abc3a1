import Foundation
import RampartAWS
import RampartTestSupport
import Testing

/// Signature Version 4 against AWS's published examples and against botocore's signer on the same requests.
@Suite struct SigV4Tests {
    static let example = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    /// 2015-08-30T12:36:00Z, the time of every example in AWS's SigV4 test suite.
    static let exampleTime = Date(timeIntervalSince1970: 1_440_938_160)

    struct Published: Sendable, CustomStringConvertible {
        var name: String
        var request: SigV4Request
        var service = "service"
        var signature: String
        var description: String { name }
    }

    /// From AWS's "Signature Version 4 test suite" (get-*, post-*) and the IAM ListUsers walk-through in the
    /// "Create a signed AWS API request" guide.
    static let published: [Published] = [
        Published(name: "get-vanilla", request: SigV4Request(method: "GET", host: "example.amazonaws.com", path: "/"),
                  signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        Published(name: "get-vanilla-query-order-key-case",
                  request: SigV4Request(method: "GET", host: "example.amazonaws.com", path: "/", query: [("Param2", "value2"), ("Param1", "value1")]),
                  signature: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
        Published(name: "get-vanilla-empty-query-key",
                  request: SigV4Request(method: "GET", host: "example.amazonaws.com", path: "/", query: [("Param1", "value1")]),
                  signature: "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"),
        // The suite sends the character itself on the request line; the canonical path encodes its UTF-8 bytes.
        Published(name: "get-utf8", request: SigV4Request(method: "GET", host: "example.amazonaws.com", path: "/ሴ"),
                  signature: "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"),
        Published(name: "post-vanilla", request: SigV4Request(method: "POST", host: "example.amazonaws.com", path: "/"),
                  signature: "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
        Published(name: "iam-list-users",
                  request: SigV4Request(method: "GET", host: "iam.amazonaws.com", path: "/",
                                        query: [("Action", "ListUsers"), ("Version", "2010-05-08")],
                                        headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")]),
                  service: "iam", signature: "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"),
    ]

    @Test(arguments: published)
    func matchesAWSPublishedSignature(_ example: Published) {
        let signed = SigV4Signer(service: example.service, region: "us-east-1").sign(example.request, credentials: Self.example, at: Self.exampleTime)
        #expect(signed.signature == example.signature, "\(signed.canonicalRequest)")
        #expect(signed.authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/\(example.service)/aws4_request, SignedHeaders="))
        #expect(signed.headers.first { $0.name == "x-amz-date" }?.value == "20150830T123600Z")
    }

    @Test func theIAMExampleHasThePublishedCanonicalRequestAndSigningKey() {
        let signer = SigV4Signer(service: "iam", region: "us-east-1")
        let signed = signer.sign(Self.published[5].request, credentials: Self.example, at: Self.exampleTime)
        #expect(signed.stringToSign == """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/iam/aws4_request
            f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59
            """)
        let key = signer.signingKey(secret: Self.example.secretAccessKey, date: "20150830").withUnsafeBytes { Array($0) }
        #expect(key.map { String(format: "%02x", $0) }.joined() == "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9")
    }

    @Test(arguments: [
        (0.0, "19700101T000000Z"), (951_782_400, "20000229T000000Z"), (1_440_938_160, "20150830T123600Z"),
        (4_102_444_799, "20991231T235959Z"), (1_700_000_000.999, "20231114T221320Z"),
    ])
    func timestampsAreUTC(_ seconds: Double, _ expected: String) {
        #expect(AWSTimestamp(Date(timeIntervalSince1970: seconds)).dateTime == expected)
    }

    @Test func credentialsNeverDescribeTheirSecret() {
        let credentials = AWSCredentials(accessKeyID: "AKIAEXAMPLE", secretAccessKey: "very-secret-value", sessionToken: "token-value")
        #expect(!"\(credentials)".contains("very-secret"))
        #expect(!"\(credentials)".contains("token-value"))
    }

    // MARK: botocore

    struct BotocoreCase: Sendable {
        var request: SigV4Request
        var scheme = "https"
        var service: String
        var region: String
        var credentials = SigV4Tests.example
        var time = SigV4Tests.exampleTime
    }

    static let session = AWSCredentials(accessKeyID: "ASIAQEXAMPLE123", secretAccessKey: "s3cr3t/with+symbols=", sessionToken: "FwoGZXIvYXdzEBYaDH//token==")
    static let converseBody = Array(#"{"messages":[{"role":"user","content":[{"text":"Hello"}]}],"inferenceConfig":{"maxTokens":64}}"#.utf8)

    /// Requests Rampart sends (Bedrock, KMS, STS, S3 and the posture scans' read-only calls) and awkward ones.
    static let botocoreCases: [BotocoreCase] = [
        BotocoreCase(request: SigV4Request(method: "POST", host: "bedrock-runtime.eu-west-1.amazonaws.com",
                                           path: "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse",
                                           headers: [("Content-Type", "application/json"), ("Accept", "application/json")], body: converseBody),
                     service: "bedrock", region: "eu-west-1"),
        BotocoreCase(request: SigV4Request(method: "POST", host: "bedrock-runtime.us-east-1.amazonaws.com",
                                           path: "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.meta.llama3-8b/converse-stream",
                                           headers: [("Content-Type", "application/json"), ("Accept", "application/vnd.amazon.eventstream")], body: converseBody),
                     service: "bedrock", region: "us-east-1", credentials: session),
        BotocoreCase(request: SigV4Request(method: "POST", host: "kms.eu-central-1.amazonaws.com", path: "/",
                                           headers: [("Content-Type", "application/x-amz-json-1.1"), ("X-Amz-Target", "TrentService.GenerateDataKey")],
                                           body: Array(#"{"KeyId":"alias/rampart","KeySpec":"AES_256","EncryptionContext":{"tenant":"acme"}}"#.utf8)),
                     service: "kms", region: "eu-central-1", time: Date(timeIntervalSince1970: 1_795_000_000)),
        BotocoreCase(request: SigV4Request(method: "GET", host: "sts.amazonaws.com", path: "/",
                                           query: [("Version", "2011-06-15"), ("Action", "GetCallerIdentity")]),
                     service: "sts", region: "us-east-1"),
        BotocoreCase(request: SigV4Request(method: "GET", host: "example.amazonaws.com", path: "/",
                                           query: [("b", "x y"), ("a", "1/2"), ("a", "0"), ("é", "ü&=+"), ("empty", ""), ("A", "~-._")]),
                     service: "service", region: "us-east-1"),
        BotocoreCase(request: SigV4Request(method: "GET", host: "example.amazonaws.com", path: "/a/./b/../c//d/",
                                           headers: [("X-Custom", "  a   b \t c  "), ("User-Agent", "rampart/1"), ("x-amzn-trace-id", "Root=1")]),
                     service: "service", region: "us-east-1"),
        BotocoreCase(request: SigV4Request(method: "GET", host: "example.amazonaws.com", path: "/with%20space/and%2Fslash"),
                     service: "service", region: "us-east-1", credentials: session),
        BotocoreCase(request: SigV4Request(method: "GET", host: "rampart-datasets.s3.eu-west-1.amazonaws.com", path: "/",
                                           query: [("encryption", "")]),
                     service: "s3", region: "eu-west-1"),
        BotocoreCase(request: SigV4Request(method: "PUT", host: "rampart-datasets.s3.eu-west-1.amazonaws.com", path: "/train/part%3D1/data.jsonl",
                                           headers: [("Content-Type", "application/jsonl")], body: Array(repeating: 0x61, count: 70_000)),
                     service: "s3", region: "eu-west-1", credentials: session),
        BotocoreCase(request: SigV4Request(method: "POST", host: "127.0.0.1:5000", path: "/",
                                           headers: [("Content-Type", "application/x-amz-json-1.1"), ("X-Amz-Target", "TrentService.ListKeys")],
                                           body: Array("{}".utf8)),
                     scheme: "http", service: "kms", region: "us-east-1"),
        BotocoreCase(request: SigV4Request(method: "GET", host: "iam.amazonaws.com", path: "/",
                                           query: [("Action", "ListPolicies"), ("Marker", "AAAA+/=="), ("Version", "2010-05-08")]),
                     service: "iam", region: "us-east-1", time: Date(timeIntervalSince1970: 1_800_000_123)),
    ]

    @Test func signaturesEqualBotocoresOnATableOfRequests() async throws {
        let input = Self.botocoreCases.map { c -> [String: Any] in
            let query = c.request.encodedQuery
            var json: [String: Any] = [
                "method": c.request.method, "url": "\(c.scheme)://\(c.request.host)\(c.request.path)\(query.isEmpty ? "" : "?" + query)",
                "headers": c.request.headers.map { [$0.name, $0.value] }, "body_hex": c.request.body.map { String(format: "%02x", $0) }.joined(),
                "service": c.service, "region": c.region, "access_key": c.credentials.accessKeyID, "secret_key": c.credentials.secretAccessKey,
                "time": c.time.timeIntervalSince1970,
            ]
            json["token"] = c.credentials.sessionToken
            return json
        }
        let stdin = String(decoding: try JSONSerialization.data(withJSONObject: input), as: UTF8.self)
        let run = try await TestPython.run("sigv4_botocore.py", stdin: stdin)
        #expect(run.status == 0, "\(run.stderr)")
        let answers = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        try #require(answers.count == Self.botocoreCases.count)
        for (c, answer) in zip(Self.botocoreCases, answers) {
            let signed = SigV4Signer(service: c.service, region: c.region).sign(c.request, credentials: c.credentials, at: c.time)
            #expect(signed.canonicalRequest == answer["canonical_request"] as? String, "\(c.request.method) \(c.request.host)\(c.request.path)")
            #expect(signed.authorization == answer["authorization"] as? String, "\(c.request.method) \(c.request.host)\(c.request.path)")
            let botocoreHeaders = answer["headers"] as? [String: String] ?? [:]
            for (name, value) in signed.headers {
                #expect(botocoreHeaders[name] == value, "\(name) for \(c.request.host)\(c.request.path)")
            }
        }
    }
}
