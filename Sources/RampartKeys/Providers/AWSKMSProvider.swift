public import AsyncHTTPClient
public import Crypto
public import Foundation
public import NIOCore
public import RampartAWS
public import RampartCore

/// AWS KMS as the provider: each key-encryption key is a KMS key; data keys are wrapped with `Encrypt` and unwrapped
/// with `Decrypt`, always with the context as KMS encryption context (bound as associated data and recorded in
/// CloudTrail). Requests are AWS JSON 1.1 over HTTPS, signed with SigV4.
public struct AWSKMSProvider: KeyProvider {
    public let kind = "aws-kms"
    let endpoint: URL
    let region: String
    let credentials: AWSCredentialSource
    let send: Send
    let clock: WallClock
    let timeout: TimeAmount

    /// How a request reaches KMS: a client's `execute`, or one that checks and pins the address it connects to.
    public typealias Send = @Sendable (HTTPClientRequest, TimeAmount) async throws -> HTTPClientResponse

    /// `endpoint` is `https://kms.{region}.amazonaws.com` in production (a VPC endpoint or, in tests, a local
    /// emulator otherwise). `credentials` are asked for before each request, so temporary ones are renewed.
    public init(endpoint: URL, region: String, credentials: AWSCredentialSource, send: @escaping Send, clock: WallClock = .system,
                timeout: TimeAmount = .seconds(10)) {
        self.endpoint = endpoint
        self.region = region
        self.credentials = credentials
        self.send = send
        self.clock = clock
        self.timeout = timeout
    }

    /// Requests go through `client` as they are.
    public init(endpoint: URL, region: String, credentials: AWSCredentialSource, client: HTTPClient, clock: WallClock = .system,
                timeout: TimeAmount = .seconds(10)) {
        self.init(endpoint: endpoint, region: region, credentials: credentials, send: { try await client.execute($0, timeout: $1) },
                  clock: clock, timeout: timeout)
    }

    public func createKey(label: String) async throws(KeyError) -> String {
        let answer = try await call("CreateKey", [
            "KeySpec": "SYMMETRIC_DEFAULT", "KeyUsage": "ENCRYPT_DECRYPT", "Description": "Rampart key-encryption key \(label)",
            "Tags": [["TagKey": "rampart:label", "TagValue": label]],
        ])
        guard let metadata = answer["KeyMetadata"] as? [String: Any], let id = metadata["KeyId"] as? String else {
            throw KeyError(.malformed, "KMS CreateKey answered without a key id")
        }
        return id
    }

    public func wrap(_ dataKey: SymmetricKey, keyID: String, context: EncryptionContext) async throws(KeyError) -> [UInt8] {
        let answer = try await call("Encrypt", [
            "KeyId": keyID, "Plaintext": dataKey.withUnsafeBytes { Data($0).base64EncodedString() }, "EncryptionContext": Self.context(context),
        ])
        guard let blob = (answer["CiphertextBlob"] as? String).flatMap({ Data(base64Encoded: $0) }) else {
            throw KeyError(.malformed, "KMS Encrypt answered without a ciphertext")
        }
        return Array(blob)
    }

    public func unwrap(_ wrapped: [UInt8], keyID: String, context: EncryptionContext) async throws(KeyError) -> SymmetricKey {
        let answer = try await call("Decrypt", [
            "KeyId": keyID, "CiphertextBlob": Data(wrapped).base64EncodedString(), "EncryptionContext": Self.context(context),
        ])
        guard let plain = (answer["Plaintext"] as? String).flatMap({ Data(base64Encoded: $0) }), plain.count == 32 else {
            throw KeyError(.malformed, "KMS Decrypt answered without a 256-bit data key")
        }
        return SymmetricKey(data: plain)
    }

    /// A fresh data key from KMS, with its wrapped form (one call instead of a local random key and an `Encrypt`).
    public func generateDataKey(keyID: String, context: EncryptionContext) async throws(KeyError) -> (SymmetricKey, [UInt8]) {
        let answer = try await call("GenerateDataKey", ["KeyId": keyID, "KeySpec": "AES_256", "EncryptionContext": Self.context(context)])
        guard let plain = (answer["Plaintext"] as? String).flatMap({ Data(base64Encoded: $0) }), plain.count == 32,
              let blob = (answer["CiphertextBlob"] as? String).flatMap({ Data(base64Encoded: $0) })
        else { throw KeyError(.malformed, "KMS GenerateDataKey answered without a data key") }
        return (SymmetricKey(data: plain), Array(blob))
    }

    /// Moves a wrapped data key to another key (rotation's rewrap) without the data key leaving KMS.
    public func rewrap(_ wrapped: [UInt8], from source: String, context: EncryptionContext, to destination: String,
                       destinationContext: EncryptionContext) async throws(KeyError) -> [UInt8] {
        let answer = try await call("ReEncrypt", [
            "CiphertextBlob": Data(wrapped).base64EncodedString(), "SourceKeyId": source, "SourceEncryptionContext": Self.context(context),
            "DestinationKeyId": destination, "DestinationEncryptionContext": Self.context(destinationContext),
        ])
        guard let blob = (answer["CiphertextBlob"] as? String).flatMap({ Data(base64Encoded: $0) }) else {
            throw KeyError(.malformed, "KMS ReEncrypt answered without a ciphertext")
        }
        return Array(blob)
    }

    /// KMS cannot delete a key at once: the key is disabled now (every later `Decrypt` fails) and scheduled for
    /// deletion after the shortest waiting period, 7 days.
    public func destroyKey(_ keyID: String) async throws(KeyError) {
        _ = try await call("DisableKey", ["KeyId": keyID])
        _ = try await call("ScheduleKeyDeletion", ["KeyId": keyID, "PendingWindowInDays": 7])
    }

    /// The key's state as KMS reports it (`Enabled`, `Disabled`, `PendingDeletion`, ...), from `DescribeKey`.
    public func keyState(_ keyID: String) async throws(KeyError) -> String {
        let answer = try await call("DescribeKey", ["KeyId": keyID])
        guard let state = (answer["KeyMetadata"] as? [String: Any])?["KeyState"] as? String else {
            throw KeyError(.malformed, "KMS DescribeKey answered without a key state")
        }
        return state
    }

    static func context(_ context: EncryptionContext) -> [String: String] {
        Dictionary(context.fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// One KMS operation: AWS JSON 1.1, `X-Amz-Target: TrentService.<operation>`, signed for `kms` in the region.
    func call(_ operation: String, _ body: [String: Any]) async throws(KeyError) -> [String: Any] {
        let payload: [UInt8]
        do { payload = Array(try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) } catch {
            throw KeyError(.malformed, "cannot encode a KMS \(operation) request")
        }
        let host = SigV4Request.host(endpoint.host ?? "", port: endpoint.port)
        let headers = [("content-type", "application/x-amz-json-1.1"), ("x-amz-target", "TrentService.\(operation)")]
        let signing: AWSCredentials
        do { signing = try await credentials.credentials() } catch {
            throw KeyError(.providerUnavailable, "KMS \(operation): no AWS credentials from \(credentials): \(error)")
        }
        let signed = SigV4Signer(service: "kms", region: region).sign(
            SigV4Request(method: "POST", host: host, path: "/", headers: headers, body: payload), credentials: signing, at: clock.now)
        var request = HTTPClientRequest(url: "\(endpoint.scheme ?? "https")://\(host)/")
        request.method = .POST
        for (name, value) in headers + signed.headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: payload))
        let status: UInt
        let bytes: ByteBuffer
        do {
            let response = try await send(request, timeout)
            status = response.status.code
            bytes = try await response.body.collect(upTo: 1 << 20)
        } catch {
            throw KeyError(.providerUnavailable, "KMS at \(host) did not answer \(operation): \(error)")
        }
        let json = (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))) as? [String: Any] ?? [:]
        guard status == 200 else {
            let type = ((json["__type"] as? String) ?? "status \(status)").split(separator: "#").last.map(String.init) ?? ""
            let message = (json["message"] as? String) ?? (json["Message"] as? String) ?? ""
            throw Self.error(type: type, operation: operation, message: message, status: status)
        }
        return json
    }

    static func error(type: String, operation: String, message: String, status: UInt) -> KeyError {
        let detail = "KMS \(operation): \(type)\(message.isEmpty ? "" : ": \(message.prefix(200))")"
        switch type {
        case "NotFoundException": return KeyError(.keyNotFound, detail)
        case "DisabledException": return KeyError(.keyDisabled, detail)
        case "KMSInvalidStateException": return KeyError(.keyDestroyed, detail)
        case "InvalidCiphertextException", "IncorrectKeyException": return KeyError(.authenticationFailed, detail)
        case "KMSInternalException", "DependencyTimeoutException", "ThrottlingException": return KeyError(.providerUnavailable, detail)
        default: return status >= 500 ? KeyError(.providerUnavailable, detail) : KeyError(.providerRefused, detail)
        }
    }
}
