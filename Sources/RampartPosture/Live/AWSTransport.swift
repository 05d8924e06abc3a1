public import AsyncHTTPClient
public import Foundation
public import NIOCore
public import RampartAWS
public import RampartCore

/// One AWS API request before signing: the service it is signed for, the region, and the HTTP parts.
public struct AWSAPIRequest: Sendable {
    /// The signing name (`kms`, `iam`, `s3`, `bedrock`), also the endpoint's first label unless `host` says otherwise.
    public var service: String
    public var region: String
    /// The endpoint's first label when it differs from the signing name (`bedrock-agent`, `logs`, `monitoring`).
    public var hostPrefix: String?
    public var method: String
    public var path: String
    public var query: [(name: String, value: String)]
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(service: String, region: String, hostPrefix: String? = nil, method: String = "GET", path: String = "/",
                query: [(name: String, value: String)] = [], headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.service = service
        self.region = region
        self.hostPrefix = hostPrefix
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// `Service.Operation` as the request names it, for errors and logs.
    public var operation: String {
        if let target = headers.first(where: { $0.name == "x-amz-target" })?.value { return target }
        if let action = query.first(where: { $0.name == "Action" })?.value { return "\(service):\(action)" }
        // AWS Query requests carry the action in their form body.
        if let form = String(bytes: body, encoding: .utf8), form.hasPrefix("Action="), let action = form.dropFirst(7).split(separator: "&").first {
            return "\(service):\(action)"
        }
        return "\(service) \(method) \(path)"
    }
}

/// An AWS answer: status and body.
public struct AWSAPIResponse: Sendable {
    public var status: Int
    public var body: [UInt8]

    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}

/// Sends AWS API requests. The live account reader is written against this, so that AWS answers moto does not
/// give can be replayed from recordings.
public protocol AWSTransport: Sendable {
    func send(_ request: AWSAPIRequest) async throws(PostureReadError) -> AWSAPIResponse
}

/// Why part of an account could not be read.
public struct PostureReadError: CodedError, Hashable {
    public enum Code: String, Sendable, Hashable {
        /// The endpoint did not answer.
        case unreachable = "posture.unreachable"
        /// AWS refused the call (AccessDenied, a disabled service).
        case refused = "posture.refused"
        /// The answer was not what the API documents.
        case malformed = "posture.malformed"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}

/// The transport over HTTPS (or an emulator's HTTP), SigV4-signed with `RampartAWS`, retrying throttling and
/// server errors on `retry`'s schedule (exponential backoff with full jitter); the last answer is returned as it is.
public struct SignedAWSTransport: AWSTransport {
    /// How a request reaches AWS: a client's `execute`, or one that checks and pins the address it connects to.
    public typealias Send = @Sendable (HTTPClientRequest, TimeAmount) async throws -> HTTPClientResponse

    let sendHTTP: Send
    /// Asked for before each request, so temporary credentials are renewed.
    let credentials: AWSCredentialSource
    /// One endpoint for every service (an emulator, a proxy); nil for AWS's regional endpoints.
    let endpoint: URL?
    let clock: WallClock
    let retry: RetrySchedule
    let timeout: TimeAmount

    /// Requests go through `client` as they are.
    public init(client: HTTPClient, credentials: AWSCredentialSource, endpoint: URL? = nil, clock: WallClock = .system, attempts: Int = 5,
                timeout: TimeAmount = .seconds(20)) {
        self.init(send: { try await client.execute($0, timeout: $1) }, credentials: credentials, endpoint: endpoint, clock: clock,
                  attempts: attempts, timeout: timeout)
    }

    public init(send: @escaping Send, credentials: AWSCredentialSource, endpoint: URL? = nil, clock: WallClock = .system, attempts: Int = 5,
                timeout: TimeAmount = .seconds(20)) {
        self.sendHTTP = send
        self.credentials = credentials
        self.endpoint = endpoint
        self.clock = clock
        self.retry = RetrySchedule(maximumAttempts: attempts, baseDelay: .milliseconds(200), maximumDelay: .seconds(5))
        self.timeout = timeout
    }

    public func send(_ request: AWSAPIRequest) async throws(PostureReadError) -> AWSAPIResponse {
        var attempt = 1
        while true {
            let response = try await once(request)
            let throttled = response.status == 429 || response.status >= 500
                || (response.status == 400 && AWSAnswer.errorCode(response.body).map(AWSAnswer.throttlingCodes.contains) == true)
            guard throttled, let delay = retry.delay(after: attempt, retryAfter: nil, unit: Double.random(in: 0..<1)) else { return response }
            try? await Task.sleep(for: delay)
            attempt += 1
        }
    }

    private func once(_ request: AWSAPIRequest) async throws(PostureReadError) -> AWSAPIResponse {
        let scheme: String, host: String
        if let endpoint {
            scheme = endpoint.scheme ?? "https"
            host = SigV4Request.host(endpoint.host ?? "", port: endpoint.port)
        } else {
            scheme = "https"
            let prefix = request.hostPrefix ?? request.service
            host = ["iam", "s3"].contains(request.service) && request.hostPrefix == nil
                ? (request.service == "iam" ? "iam.amazonaws.com" : "s3.\(request.region).amazonaws.com")
                : "\(prefix).\(request.region).amazonaws.com"
        }
        let signing: AWSCredentials
        do { signing = try await credentials.credentials() } catch {
            throw PostureReadError(.refused, "no AWS credentials from \(credentials): \(error)")
        }
        let signed = SigV4Signer(service: request.service, region: request.region).sign(
            SigV4Request(method: request.method, host: host, path: request.path, query: request.query, headers: request.headers, body: request.body),
            credentials: signing, at: clock.now)
        let query = SigV4Request(method: request.method, host: host, path: request.path, query: request.query).encodedQuery
        var http = HTTPClientRequest(url: "\(scheme)://\(host)\(request.path)\(query.isEmpty ? "" : "?" + query)")
        http.method = .init(rawValue: request.method)
        for (name, value) in request.headers + signed.headers { http.headers.add(name: name, value: value) }
        if !request.body.isEmpty { http.body = .bytes(ByteBuffer(bytes: request.body)) }
        do {
            let response = try await sendHTTP(http, timeout)
            let body = try await response.body.collect(upTo: 32 << 20)
            return AWSAPIResponse(status: Int(response.status.code), body: Array(body.readableBytesView))
        } catch {
            throw PostureReadError(.unreachable, "\(host) did not answer \(request.operation): \(error)")
        }
    }
}
