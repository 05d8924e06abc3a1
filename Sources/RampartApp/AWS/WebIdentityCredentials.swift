import AsyncHTTPClient
import Foundation
import NIOCore
import RampartAWS

/// A role's temporary credentials for a web identity: STS `AssumeRoleWithWebIdentity` through the gateway's HTTP
/// client (no redirects, the configured CA bundle; pinned when `send` is a `ServiceClient`'s), the token file read again
/// at each renewal, renewed five minutes before the credentials expire.
enum WebIdentityCredentials {
    /// How a request reaches STS (`AWSKMSProvider.Send`'s shape).
    typealias Send = @Sendable (HTTPClientRequest, TimeAmount) async throws -> HTTPClientResponse

    static func source(_ settings: AWSWebIdentitySettings, region: String, send: @escaping Send,
                       now: @escaping @Sendable () -> Date = Date.init) -> AWSCredentialSource {
        let endpoint = settings.stsEndpoint ?? "https://sts.\(region).amazonaws.com"
        let provider = RefreshingAWSCredentials(now: now) { try await fetch(settings, endpoint: endpoint, send: send) }
        return AWSCredentialSource("web identity \(settings.roleARN)", provider: provider)
    }

    static func fetch(_ settings: AWSWebIdentitySettings, endpoint: String, send: Send) async throws -> ExpiringAWSCredentials {
        let token: String
        do { token = try String(contentsOfFile: settings.tokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) } catch {
            throw AWSCredentialError("TokenUnreadable", "the web identity token file \(settings.tokenFile) cannot be read")
        }
        var request = HTTPClientRequest(url: endpoint.hasSuffix("/") ? endpoint : endpoint + "/")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/x-www-form-urlencoded; charset=utf-8")
        request.body = .bytes(ByteBuffer(string: STSWebIdentity.formBody(roleARN: settings.roleARN, sessionName: settings.sessionName, token: token)))
        let response = try await send(request, .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return try STSWebIdentity.credentials(fromResponse: String(buffer: body))
    }
}
