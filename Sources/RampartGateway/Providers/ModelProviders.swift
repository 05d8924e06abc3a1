public import AsyncHTTPClient
public import RampartCore

/// Which provider serves which kind of endpoint: the one place a deployment becomes a client.
public enum ModelProviders {
    public static func provider(for endpoint: Deployment.Endpoint, client: HTTPClient, clock: WallClock = .system) -> any ModelProvider {
        switch endpoint {
        case .simulator: SimulatorProvider()
        case .openAICompatible, .azureOpenAI: OpenAICompatibleProvider(client: client)
        case .anthropic: AnthropicProvider(client: client)
        case .bedrock: BedrockProvider(client: client, clock: clock)
        }
    }
}
