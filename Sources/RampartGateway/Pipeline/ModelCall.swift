public import RampartPolicy

/// One model call in the pipeline: what was asked, of which route, by whom, in which request.
public struct ModelCall: Sendable {
    public var requestID: String
    public var endpoint: String
    public var chat: ChatRequest
    public var route: ModelRoute
    /// What the connection proves about the caller (TLS version, verified client certificate).
    public var transport: TransportIdentity
    /// The authenticated caller, authorized for this route.
    public var caller: Caller
    /// Where the stages write what the audit record says about the call.
    public var trail: CallTrail
}

/// A step every call passes before it goes upstream (identity, authorization, limits, input scanning).
/// A stage refuses a call by throwing the error the client gets; it never lets a failure through.
public protocol RequestStage: Sendable {
    func apply(to call: inout ModelCall) async throws(GatewayError)
}

/// Bounds on what a call may send.
public struct PromptLimits: Sendable, Hashable, RequestStage {
    public var maximumCharacters: Int
    public var maximumEstimatedTokens: Int

    public init(maximumCharacters: Int = 400_000, maximumEstimatedTokens: Int = 128_000) {
        self.maximumCharacters = maximumCharacters
        self.maximumEstimatedTokens = maximumEstimatedTokens
    }

    public func apply(to call: inout ModelCall) async throws(GatewayError) {
        let text = call.chat.promptText
        if text.count > maximumCharacters {
            throw .tooLarge("the prompt has \(text.count) characters; the limit is \(maximumCharacters)", code: "prompt_too_long")
        }
        let tokens = TokenEstimate.tokens(in: text) + (call.chat.maxTokens ?? 0)
        if tokens > maximumEstimatedTokens {
            throw .tooLarge("the prompt and max_tokens come to about \(tokens) tokens; the limit is \(maximumEstimatedTokens)",
                            code: "prompt_too_many_tokens")
        }
    }
}
