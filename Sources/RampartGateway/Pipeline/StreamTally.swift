/// Counts what a stream delivered, so that its limits can be settled with the real usage when it ends.
struct StreamTally: Sendable {
    let promptTokens: Int
    let finish: @Sendable (TokenUsage?) async -> Void
    private var characters = 0
    private var reported: TokenUsage?

    init(chat: ChatRequest, finish: @escaping @Sendable (TokenUsage?) async -> Void) {
        self.promptTokens = TokenEstimate.tokens(in: chat.promptText)
        self.finish = finish
    }

    mutating func count(_ chunk: UpstreamChunk) {
        characters += chunk.text.utf8.count
        if let usage = chunk.usage { reported = usage }
    }

    /// The upstream's own count when it sent one, else an estimate from the characters delivered.
    func settle() async {
        await finish(reported ?? TokenUsage(prompt: promptTokens, completion: (characters + 3) / 4))
    }
}
