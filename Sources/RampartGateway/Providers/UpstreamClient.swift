public import AsyncHTTPClient

/// How the gateway's HTTP client for upstreams is configured.
public enum UpstreamClient {
    /// No redirects (an upstream must not send calls elsewhere), bounded connects, no transparent decompression,
    /// and a refused connection fails at once: the pipeline falls back to the next deployment, and retrying the
    /// connection here would only delay that. The caller shuts the client down.
    public static func make() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(120))
        configuration.decompression = .disabled
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }
}
