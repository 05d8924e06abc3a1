public import Crypto
public import Foundation
import RampartCore

/// AWS Signature Version 4 for one service in one region.
///
/// Pure: the time is a parameter and nothing is read from the environment. The canonical request follows AWS's
/// specification as botocore implements it: header values trimmed with inner runs of spaces collapsed, `user-agent`,
/// `expect` and `x-amzn-trace-id` left unsigned, query parameters encoded then sorted, and for every service but S3
/// the path normalised (dot segments and empty segments removed) and percent-encoded a second time.
public struct SigV4Signer: Sendable, Hashable {
    public var service: String
    public var region: String

    /// Headers that proxies and clients may change on the way, which AWS's SDKs never sign.
    static let signerHeaders: Set<String> = ["host", "x-amz-date", "x-amz-security-token", "authorization"]
    static let unsignedHeaders: Set<String> = ["user-agent", "expect", "x-amzn-trace-id"]

    public init(service: String, region: String) {
        self.service = service
        self.region = region
    }

    /// Signs `request` with `credentials` at `time`.
    public func sign(_ request: SigV4Request, credentials: AWSCredentials, at time: Date) -> SigV4Signature {
        let stamp = AWSTimestamp(time)
        // The signer's own headers replace any the caller set.
        var headers = request.headers.filter {
            let name = $0.name.lowercased()
            return !Self.signerHeaders.contains(name) && !(name == "x-amz-content-sha256" && service == "s3")
        }
        let payloadHash = Hex.encode(SHA256.hash(data: request.body))
        var added = [("x-amz-date", stamp.dateTime)]
        if let token = credentials.sessionToken { added.append(("x-amz-security-token", token)) }
        // S3 wants the payload's hash in a header of its own, and signed.
        if service == "s3" { added.append(("x-amz-content-sha256", payloadHash)) }
        headers.append(("host", request.host))
        headers += added

        var canonicalHeaders: [String: [String]] = [:]
        for (name, value) in headers where !Self.unsignedHeaders.contains(name.lowercased()) {
            canonicalHeaders[name.lowercased(), default: []].append(value.split(whereSeparator: \.isWhitespace).joined(separator: " "))
        }
        let names = canonicalHeaders.keys.sorted()
        let signedHeaders = names.joined(separator: ";")
        let canonicalRequest = [
            request.method.uppercased(),
            canonicalPath(request.path),
            request.encodedQuery,
            names.map { "\($0):\(canonicalHeaders[$0]!.joined(separator: ","))\n" }.joined(),
            signedHeaders,
            payloadHash,
        ].joined(separator: "\n")

        let scope = "\(stamp.date)/\(region)/\(service)/aws4_request"
        let stringToSign = "AWS4-HMAC-SHA256\n\(stamp.dateTime)\n\(scope)\n\(Hex.encode(SHA256.hash(data: Array(canonicalRequest.utf8))))"
        let key = signingKey(secret: credentials.secretAccessKey, date: stamp.date)
        let signature = Hex.encode(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
        let authorization = "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
        added.append(("authorization", authorization))
        return SigV4Signature(canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature,
                              authorization: authorization, headers: added)
    }

    /// The key for one day, region and service: an HMAC chain from `AWS4` + the secret.
    public func signingKey(secret: String, date: some StringProtocol) -> SymmetricKey {
        var key = SymmetricKey(data: Array("AWS4\(secret)".utf8))
        for part in [String(date), region, service, "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return key
    }

    func canonicalPath(_ path: String) -> String {
        if service == "s3" { return path.isEmpty ? "/" : path }
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) where segment != "." {
            if segment == ".." { _ = segments.popLast() } else { segments.append(segment) }
        }
        var normalised = "/" + segments.joined(separator: "/")
        if path.hasSuffix("/"), !segments.isEmpty { normalised += "/" }
        return AWSPercentEncoding.encode(normalised, keepSlash: true)
    }
}

/// A signature and the headers that carry it.
public struct SigV4Signature: Sendable {
    /// The canonical request that was signed (for diagnostics: it holds no secret).
    public var canonicalRequest: String
    public var stringToSign: String
    /// The signature, lower-case hex.
    public var signature: String
    /// The `Authorization` header's value.
    public var authorization: String
    /// Headers to add to the request: `x-amz-date`, `x-amz-security-token` when there is one, `x-amz-content-sha256`
    /// for S3, and `authorization`.
    public var headers: [(name: String, value: String)]

}
