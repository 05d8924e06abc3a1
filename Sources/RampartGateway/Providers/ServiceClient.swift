public import AsyncHTTPClient
public import NIOCore

/// The HTTP client for calls to the services Rampart is configured with rather than to models: external guards,
/// finding webhooks, audit exports, identity providers' keys. Such services usually run on a private network, so
/// private addresses are allowed; the cloud metadata service and unspecified addresses never are, whether the URL
/// names them or a host name comes to resolve to them (each name is pinned by `PinnedUpstreamClients`, so a DNS
/// rebinding between the check and the connection does not reach them).
public struct ServiceClient: Sendable {
    let pins: PinnedUpstreamClients

    public init(pins: PinnedUpstreamClients) {
        self.pins = pins
    }

    /// Sends `request` to its URL's host when that host may be called, else throws `UpstreamError` (`.connect`)
    /// without connecting.
    public func execute(_ request: HTTPClientRequest, timeout: TimeAmount) async throws -> HTTPClientResponse {
        try await client(for: request.url).execute(request, timeout: timeout)
    }

    /// The client a call to `url` goes through (`PinnedUpstreamClients.client(host:allowPrivate:)`).
    func client(for url: String) async throws(UpstreamError) -> HTTPClient {
        guard let host = PinnedUpstreamClients.host(of: url), !host.isEmpty else { throw UpstreamError(.connect, "refused: \(url) names no host") }
        return try await pins.client(host: host, allowPrivate: true)
    }
}
