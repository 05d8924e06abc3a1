public import RampartAWS

/// One upstream a model name can be served from: a provider's model in a region, reached one way.
public struct Deployment: Sendable, Hashable {
    public enum Endpoint: Sendable, Hashable {
        /// Rampart's deterministic simulator, for the demo and load tests.
        case simulator(SimulatorSettings)
        /// An OpenAI-compatible API (OpenAI, vLLM, Ollama, llama.cpp server, another gateway).
        case openAICompatible(baseURL: String, apiKey: String?)
        /// An Azure OpenAI deployment: `{baseURL}/chat/completions?api-version=...` with an `api-key` header, where
        /// `baseURL` is `https://{resource}.openai.azure.com/openai/deployments/{deployment}`.
        case azureOpenAI(baseURL: String, apiKey: String, apiVersion: String)
        /// Anthropic's Messages API (`{baseURL}/v1/messages`).
        case anthropic(baseURL: String, apiKey: String, version: String)
        /// Amazon Bedrock's Converse and ConverseStream, signed with SigV4 for the deployment's region, with credentials
        /// asked for each call (so that temporary ones are renewed).
        case bedrock(baseURL: String, credentials: AWSCredentialSource)

        /// What of `chat`'s tools this kind of upstream cannot be sent, as the request's parameter, or nil when the
        /// gateway carries them all: every adapter translates function tools (OpenAI's wire format, the simulator,
        /// `AnthropicTools`, `BedrockTools`), and Converse cannot express some choices (`BedrockTools.limit`).
        public func toolLimit(_ chat: ChatRequest) -> String? {
            switch self {
            case .simulator, .openAICompatible, .azureOpenAI, .anthropic: nil
            case .bedrock: BedrockTools.limit(chat)
            }
        }
    }

    public var name: String
    /// The provider's name as workload manifests list it (`openai`, `aws-bedrock`, `simulator`, ...).
    public var provider: String
    public var region: String
    /// The model id the upstream knows.
    public var upstreamModel: String
    public var endpoint: Endpoint
    /// The longest a whole call may take.
    public var totalTimeout: Duration
    /// The longest a stream may go without a chunk.
    public var idleTimeout: Duration
    /// Whether the upstream's host name may resolve to a private or link-local address (never a metadata one).
    public var allowPrivateNetwork: Bool

    public init(
        name: String, provider: String, region: String, upstreamModel: String, endpoint: Endpoint,
        totalTimeout: Duration = .seconds(120), idleTimeout: Duration = .seconds(30), allowPrivateNetwork: Bool = false
    ) {
        self.allowPrivateNetwork = allowPrivateNetwork
        self.idleTimeout = idleTimeout
        self.name = name
        self.provider = provider
        self.region = region
        self.upstreamModel = upstreamModel
        self.endpoint = endpoint
        self.totalTimeout = totalTimeout
    }
}

/// How the simulator answers.
public struct SimulatorSettings: Sendable, Hashable {
    /// Delay before the first token.
    public var firstTokenDelay: Duration
    /// Tokens per second after the first; 0 sends them all at once.
    public var tokensPerSecond: Int

    public init(firstTokenDelay: Duration = .zero, tokensPerSecond: Int = 0) {
        self.firstTokenDelay = firstTokenDelay
        self.tokensPerSecond = tokensPerSecond
    }
}
