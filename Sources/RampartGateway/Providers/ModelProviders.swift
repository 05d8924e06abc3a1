public import AsyncHTTPClient
public import RampartCore

/// Which provider serves which kind of endpoint: the one place a deployment becomes a client.
public enum ModelProviders {
    /// `pins`: calls to host names go through clients pinned to checked addresses (see `PinnedUpstreamClients`).
    public static func provider(for endpoint: Deployment.Endpoint, client: HTTPClient, pins: PinnedUpstreamClients? = nil,
                                clock: WallClock = .system) -> any ModelProvider {
        switch endpoint {
        case .simulator: SimulatorProvider()
        case .openAICompatible, .azureOpenAI: OpenAICompatibleProvider(client: client, pins: pins)
        case .anthropic: AnthropicProvider(client: client, pins: pins)
        case .bedrock: BedrockProvider(client: client, pins: pins, clock: clock)
        }
    }
}
