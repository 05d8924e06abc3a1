import AsyncHTTPClient
import Foundation
import NIOCore
import RampartAWS

/// The EC2 instance profile's temporary credentials from the instance metadata service, IMDSv2 only (a session
/// token first; the service answers no request without it when IMDSv1 is disabled, as it should be), through the
/// given HTTP client, renewed five minutes before they expire. Each request waits at most two seconds: off EC2 the
/// service does not answer, and a signer must not hang on it.
enum InstanceProfileCredentials {
    static func source(_ settings: AWSInstanceProfileSettings, endpoint: String, client: HTTPClient,
                       now: @escaping @Sendable () -> Date = Date.init) -> AWSCredentialSource {
        let base = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        let provider = RefreshingAWSCredentials(now: now) { try await fetch(base: base, role: settings.role, client: client) }
        return AWSCredentialSource("instance profile \(settings.role ?? "(listed role)") at \(base)", provider: provider)
    }

    static func fetch(base: String, role: String?, client: HTTPClient) async throws -> ExpiringAWSCredentials {
        var put = HTTPClientRequest(url: base + InstanceMetadataCredentials.tokenPath)
        put.method = .PUT
        put.headers.add(name: InstanceMetadataCredentials.tokenTTLHeader, value: "\(InstanceMetadataCredentials.tokenTTLSeconds)")
        let token = try await text(put, client: client)
        func get(_ path: String) async throws -> String {
            var request = HTTPClientRequest(url: base + path)
            request.headers.add(name: InstanceMetadataCredentials.tokenHeader, value: token)
            return try await text(request, client: client)
        }
        let name: String
        if let role { name = role } else { name = try InstanceMetadataCredentials.role(fromListing: try await get(InstanceMetadataCredentials.rolesPath)) }
        return try InstanceMetadataCredentials.credentials(fromDocument: try await get(InstanceMetadataCredentials.rolesPath + name))
    }

    /// A 200 answer's body; anything else is an `AWSCredentialError` naming the status.
    static func text(_ request: HTTPClientRequest, client: HTTPClient) async throws -> String {
        let response: HTTPClientResponse
        do { response = try await client.execute(request, timeout: .seconds(2)) } catch {
            throw AWSCredentialError("MetadataServiceUnreachable", "the instance metadata service did not answer: \(error)")
        }
        let body = try await response.body.collect(upTo: 1 << 16)
        guard response.status.code == 200 else {
            throw AWSCredentialError("MetadataServiceRefused", "the instance metadata service answered \(response.status.code)")
        }
        return String(buffer: body)
    }
}
