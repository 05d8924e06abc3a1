import AsyncHTTPClient
import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import RampartAWS
import RampartKeys
import RampartTestSupport
import Testing

/// AWS KMS answers that moto does not give (disabled and pending-deletion keys, the wrong key, a denial, throttling),
/// replayed from AWS's documented error responses by a test double, and the KMS operations moto does emulate.
@Suite struct KMSRecordedResponseTests {
    /// Recorded AWS JSON 1.1 error bodies, by the key id the request names.
    static let recorded: [String: (status: HTTPResponse.Status, body: String)] = [
        "disabled-key": (.badRequest, #"{"__type":"DisabledException","message":"arn:aws:kms:eu-west-1:111122223333:key/disabled-key is disabled."}"#),
        "deleting-key": (.badRequest, #"{"__type":"KMSInvalidStateException","message":"arn:aws:kms:eu-west-1:111122223333:key/deleting-key is pending deletion."}"#),
        "other-key": (.badRequest, #"{"__type":"IncorrectKeyException","message":"The key ID in the request does not identify a CMK that can perform this operation."}"#),
        "denied-key": (.badRequest, #"{"__type":"AccessDeniedException","message":"User: arn:aws:sts::111122223333:assumed-role/app is not authorized to perform: kms:Decrypt"}"#),
        "busy-key": (.badRequest, #"{"__type":"ThrottlingException","message":"Rate exceeded"}"#),
        "broken-key": (.internalServerError, #"{"__type":"KMSInternalException","message":"An internal error occurred."}"#),
        "tampered-key": (.badRequest, #"{"__type":"com.amazonaws.kms#InvalidCiphertextException"}"#),
    ]

    static let context = EncryptionContext(tenant: "acme", owner: "tenant", purpose: "vault", objectID: "x", keyVersion: 1)

    @Test(arguments: [
        ("disabled-key", KeyError.Code.keyDisabled), ("deleting-key", .keyDestroyed), ("other-key", .authenticationFailed),
        ("denied-key", .providerRefused), ("busy-key", .providerUnavailable), ("broken-key", .providerUnavailable),
        ("tampered-key", .authenticationFailed),
    ])
    func awsErrorAnswersMapToTheirCodes(_ keyID: String, _ code: KeyError.Code) async throws {
        // A test double: replays AWS's recorded answer for the key named in the request.
        let router = Router()
        router.post("/") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 16)
            let json = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]
            let answer = Self.recorded[json?["KeyId"] as? String ?? ""] ?? (.badRequest, #"{"__type":"NotFoundException"}"#)
            return Response(status: answer.status, headers: [.contentType: "application/x-amz-json-1.1"],
                            body: .init(byteBuffer: ByteBuffer(string: answer.body)))
        }
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { client in
            let kms = AWSKMSProvider(endpoint: URL(string: "http://127.0.0.1:\(client.port!)")!, region: "eu-west-1",
                                     credentials: KeyProviderContractTests.kmsCredentials, client: KeyProviderContractTests.client)
            await KeyProviderContractTests.expect(code, when: { try await kms.unwrap(Array(repeating: 7, count: 64), keyID: keyID, context: Self.context) })
        }
    }

    @Test func anUnreachableKMSIsUnavailableNotAnotherError() async throws {
        let kms = AWSKMSProvider(endpoint: URL(string: "http://127.0.0.1:9")!, region: "eu-west-1",
                                 credentials: KeyProviderContractTests.kmsCredentials, client: KeyProviderContractTests.client, timeout: .seconds(2))
        await KeyProviderContractTests.expect(.providerUnavailable, when: { try await kms.createKey(label: "x") })
    }

    @Test func generateDataKeyAndReEncryptAgainstMoto() async throws {
        let moto = try await TestPython.start("moto_server.py")
        defer { moto.stop() }
        let kms = AWSKMSProvider(endpoint: URL(string: "http://127.0.0.1:\(moto.firstLine)")!, region: "eu-west-1",
                                 credentials: KeyProviderContractTests.kmsCredentials, client: KeyProviderContractTests.client)
        let old = try await kms.createKey(label: "v1"), new = try await kms.createKey(label: "v2")
        let (dataKey, wrapped) = try await kms.generateDataKey(keyID: old, context: Self.context)
        var next = Self.context
        next.keyVersion = 2
        let moved = try await kms.rewrap(wrapped, from: old, context: Self.context, to: new, destinationContext: next)
        let unwrapped = try await kms.unwrap(moved, keyID: new, context: next)
        #expect(unwrapped.withUnsafeBytes { Array($0) } == dataKey.withUnsafeBytes { Array($0) })
    }
}
