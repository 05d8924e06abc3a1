/// A deterministic stand-in for a model, for the demo and load tests. Every answer says it is a simulator.
public struct SimulatorProvider: ModelProvider {
    public init() {}

    /// The answer to a request: the same request always gets the same words.
    static func words(for chat: ChatRequest) -> [String] {
        let prompt = chat.messages.last { $0.role == "user" }?.text ?? ""
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in prompt.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let vocabulary = ["scope", "control", "evidence", "policy", "key", "audit", "workload", "model", "risk", "region"]
        let count = min(chat.maxTokens ?? 24, 24)
        var words = ["[rampart", "simulator]", "This", "answer", "is", "simulated", "and", "deterministic:"]
        for i in 0..<max(0, count - words.count) {
            words.append(vocabulary[Int((hash >> UInt64(i % 60)) % UInt64(vocabulary.count))])
        }
        return Array(words.prefix(max(count, 2)))
    }

    static func usage(_ chat: ChatRequest, _ words: [String]) -> TokenUsage {
        TokenUsage(prompt: TokenEstimate.tokens(in: chat.promptText), completion: words.count)
    }

    static func settings(_ request: UpstreamRequest) -> SimulatorSettings {
        if case .simulator(let settings) = request.deployment.endpoint { return settings }
        return SimulatorSettings()
    }

    /// The simulator's tool call: offered tools and not answering a tool's result, it calls the first tool with the
    /// last user message as `{"input": ...}` (so a demo shows a round trip, and tests see prompt text come back as
    /// arguments).
    static func toolCall(for chat: ChatRequest) -> ToolCall? {
        guard let tool = chat.tools.first, chat.messages.last?.role != "tool" else { return nil }
        let input = chat.messages.last { $0.role == "user" }?.text ?? ""
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (tool.name + input).utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return ToolCall(id: "call_sim_" + String(hash, radix: 16), name: tool.name, input: .object(["input": .string(input)]))
    }

    public func complete(_ request: UpstreamRequest) async throws -> UpstreamCompletion {
        let settings = Self.settings(request)
        try await Task.sleep(for: settings.firstTokenDelay)
        if let toolCall = Self.toolCall(for: request.chat) {
            return UpstreamCompletion(text: "", finishReason: "tool_calls",
                                      usage: TokenUsage(prompt: TokenEstimate.tokens(in: request.chat.promptText), completion: TokenEstimate.tokens(in: toolCall.arguments)),
                                      model: "rampart-simulator/\(request.deployment.upstreamModel)", toolCalls: [toolCall])
        }
        let words = Self.words(for: request.chat)
        if settings.tokensPerSecond > 0 {
            try await Task.sleep(for: .milliseconds(1000 * (words.count - 1) / settings.tokensPerSecond))
        }
        return UpstreamCompletion(
            text: words.joined(separator: " "), finishReason: "stop", usage: Self.usage(request.chat, words),
            model: "rampart-simulator/\(request.deployment.upstreamModel)")
    }

    public func stream(_ request: UpstreamRequest) async throws -> AsyncThrowingStream<UpstreamChunk, any Error> {
        let settings = Self.settings(request)
        let words = Self.words(for: request.chat)
        let usage = Self.usage(request.chat, words)
        let toolCall = Self.toolCall(for: request.chat)
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await Task.sleep(for: settings.firstTokenDelay)
                    if let toolCall {
                        // As OpenAI streams a call: the id and name first, then the arguments in pieces.
                        continuation.yield(UpstreamChunk(text: "", toolCalls: [ToolCallPiece(index: 0, id: toolCall.id, name: toolCall.name)]))
                        var rest = Substring(toolCall.arguments)
                        while !rest.isEmpty {
                            continuation.yield(UpstreamChunk(text: "", toolCalls: [ToolCallPiece(index: 0, arguments: String(rest.prefix(8)))]))
                            rest = rest.dropFirst(8)
                        }
                        continuation.yield(UpstreamChunk(text: "", finishReason: "tool_calls", usage: usage))
                        continuation.finish()
                        return
                    }
                    for (i, word) in words.enumerated() {
                        if i > 0, settings.tokensPerSecond > 0 { try await Task.sleep(for: .milliseconds(1000 / settings.tokensPerSecond)) }
                        continuation.yield(UpstreamChunk(text: i == 0 ? word : " " + word))
                    }
                    continuation.yield(UpstreamChunk(text: "", finishReason: "stop", usage: usage))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

extension SimulatorProvider {
    /// Deterministic unit vectors (16 dimensions, or `dimensions`), one per input: the same text, the same vector.
    public func embed(_ request: UpstreamRequest) async throws -> UpstreamEmbeddings {
        let settings = Self.settings(request)
        try await Task.sleep(for: settings.firstTokenDelay)
        var dimensions = 16
        if case .number(let value)? = request.chat.forwardedFields["dimensions"] { dimensions = min(Int(value), 4096) }
        let vectors: [JSONValue] = request.chat.messages.map { message in
            var state: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in message.text.utf8 { state = (state ^ UInt64(byte)) &* 0x100_0000_01b3 }
            var values: [Double] = []
            for _ in 0..<dimensions {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                values.append(Double(Int64(bitPattern: state >> 11) % 2_000_001) / 1_000_000 - 1)
            }
            let norm = max(1e-12, values.reduce(0) { $0 + $1 * $1 }.squareRoot())
            return .array(values.map { .number(($0 / norm * 1e6).rounded() / 1e6) })
        }
        return UpstreamEmbeddings(vectors: vectors, usage: TokenUsage(prompt: TokenEstimate.tokens(in: request.chat.promptText), completion: 0),
                                  model: "rampart-simulator/\(request.deployment.upstreamModel)")
    }
}

/// A rough token count (about four characters a token), for limits before a tokenizer is known.
public enum TokenEstimate {
    public static func tokens(in text: String) -> Int { (text.utf8.count + 3) / 4 }
}
