/// A call on its way to one deployment.
public struct UpstreamRequest: Sendable {
    public var deployment: Deployment
    public var chat: ChatRequest
    public var requestID: String
}

/// Token counts of one call.
public struct TokenUsage: Sendable, Hashable {
    public var prompt: Int
    public var completion: Int
    public var total: Int { prompt + completion }

    public init(prompt: Int, completion: Int) {
        self.prompt = prompt
        self.completion = completion
    }
}

/// A whole completion from an upstream.
public struct UpstreamCompletion: Sendable, Hashable {
    public var text: String
    public var finishReason: String
    public var usage: TokenUsage?
    /// The model name the upstream reports.
    public var model: String
    /// The tools the model calls (finish reason `tool_calls`).
    public var toolCalls: [ToolCall]

    public init(text: String, finishReason: String, usage: TokenUsage?, model: String, toolCalls: [ToolCall] = []) {
        self.text = text
        self.finishReason = finishReason
        self.usage = usage
        self.model = model
        self.toolCalls = toolCalls
    }
}

/// A piece of a tool call in a stream: the call at `index` of the answer, its id and name where they first
/// appear, and a piece of its arguments. Output scanning assembles the pieces and passes each call on whole.
public struct ToolCallPiece: Sendable, Hashable {
    public var index: Int
    public var id: String?
    public var name: String?
    public var arguments: String

    public init(index: Int, id: String? = nil, name: String? = nil, arguments: String = "") {
        self.index = index
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}

/// One piece of a streamed completion.
public struct UpstreamChunk: Sendable, Hashable {
    public var text: String
    public var finishReason: String?
    public var usage: TokenUsage?
    public var toolCalls: [ToolCallPiece]

    public init(text: String, finishReason: String? = nil, usage: TokenUsage? = nil, toolCalls: [ToolCallPiece] = []) {
        self.text = text
        self.finishReason = finishReason
        self.usage = usage
        self.toolCalls = toolCalls
    }
}

/// Why an upstream call failed; `retryable` failures before the first byte fall back to the next deployment.
public struct UpstreamError: Error, Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case connect
        case timeout
        case status
        case malformed
    }

    public var kind: Kind
    public var status: Int?
    public var detail: String
    /// How long the upstream asked to wait (`Retry-After` in seconds), if it did.
    public var retryAfter: Duration?

    public init(_ kind: Kind, status: Int? = nil, _ detail: String, retryAfter: Duration? = nil) {
        self.kind = kind
        self.status = status
        self.detail = detail
        self.retryAfter = retryAfter
    }

    /// Connection errors, timeouts, 429 and 5xx may succeed elsewhere; a 4xx is the request's fault.
    public var retryable: Bool {
        switch kind {
        case .connect, .timeout: true
        case .status: status.map { $0 == 429 || $0 >= 500 } ?? false
        case .malformed: true
        }
    }
}

/// An upstream that serves chat completions, whole or streamed.
///
/// `stream` returns once the upstream has accepted the call (its response head arrived), so that failures before
/// the first byte can be thrown and fallen back from; failures after that end the stream.
public protocol ModelProvider: Sendable {
    func complete(_ request: UpstreamRequest) async throws -> UpstreamCompletion
    func stream(_ request: UpstreamRequest) async throws -> AsyncThrowingStream<UpstreamChunk, any Error>
    /// Embeddings of the request's inputs (its messages' texts), in order.
    func embed(_ request: UpstreamRequest) async throws -> UpstreamEmbeddings
}

extension ModelProvider {
    /// Providers that serve no embeddings refuse them as the request's fault (a 400, not retried elsewhere).
    public func embed(_ request: UpstreamRequest) async throws -> UpstreamEmbeddings {
        throw UpstreamError(.status, status: 400, "deployment \(request.deployment.name) does not serve embeddings")
    }
}

/// Embedding vectors from an upstream, one per input.
public struct UpstreamEmbeddings: Sendable, Hashable {
    public var vectors: [JSONValue]
    public var usage: TokenUsage?
    public var model: String

    public init(vectors: [JSONValue], usage: TokenUsage?, model: String) {
        self.vectors = vectors
        self.usage = usage
        self.model = model
    }
}
