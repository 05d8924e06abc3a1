/// Translation between the gateway's chat form and Amazon Bedrock's Converse API, both ways. Pure.
enum BedrockConverse {
    /// The Converse request body: the system messages become `system` blocks, each turn a message of text blocks;
    /// `max_tokens`, `temperature`, `top_p` and `stop` become `inferenceConfig`. A call with tools has its tool
    /// calls and results as blocks too, and its tools as `toolConfig` (`BedrockTools`).
    static func body(_ chat: ChatRequest) throws -> JSONValue {
        let conversation = ConversationTurns(chat)
        var body: [String: JSONValue] = [
            "messages": .array(conversation.turns.map { turn in
                .object(["role": .string(turn.role), "content": .array(turn.contents.map { .object(["text": .string($0)]) })])
            }),
        ]
        if chat.carriesTools {
            body["messages"] = .array(try ConversationTurns(chat) { i, message in try BedrockTools.blocks(of: message, at: i, in: chat) }
                .turns.map { .object(["role": .string($0.role), "content": .array($0.contents)]) })
            if let config = BedrockTools.toolConfig(chat) { body["toolConfig"] = config }
        }
        if !conversation.system.isEmpty { body["system"] = .array(conversation.system.map { .object(["text": .string($0)]) }) }
        var inference: [String: JSONValue] = [:]
        if let maxTokens = chat.maxTokens { inference["maxTokens"] = .number(Double(maxTokens)) }
        if case .number(let temperature)? = chat.body["temperature"] { inference["temperature"] = .number(temperature) }
        if case .number(let topP)? = chat.body["top_p"] { inference["topP"] = .number(topP) }
        if let stops = conversation.stopSequences { inference["stopSequences"] = .array(stops) }
        if !inference.isEmpty { body["inferenceConfig"] = .object(inference) }
        return .object(body)
    }

    /// A Converse answer as a completion.
    static func completion(_ json: JSONValue, model: String) throws -> UpstreamCompletion {
        guard case .array(let content)? = json["output"]?["message"]?["content"] else {
            throw UpstreamError(.malformed, "the answer is not a Converse response")
        }
        let text = content.compactMap { block -> String? in if case .string(let text)? = block["text"] { text } else { nil } }.joined()
        var stop = "stop"
        if case .string(let reason)? = json["stopReason"] { stop = finishReason(reason) }
        return UpstreamCompletion(text: text, finishReason: stop, usage: usage(json["usage"]), model: model, toolCalls: BedrockTools.calls(in: content))
    }

    /// Bedrock's stop reasons in OpenAI's words.
    static func finishReason(_ stopReason: String) -> String {
        switch stopReason {
        case "max_tokens": "length"
        case "tool_use": "tool_calls"
        case "guardrail_intervened", "content_filtered": "content_filter"
        default: "stop"
        }
    }

    static func usage(_ value: JSONValue?) -> TokenUsage? {
        guard let input = value?["inputTokens"]?.count, let output = value?["outputTokens"]?.count else { return nil }
        return TokenUsage(prompt: input, completion: output)
    }

    /// The HTTP status that stands for a Bedrock exception type (`ThrottlingException`, or a stream's
    /// `throttlingException`), so that retries and fallback treat it as they would the status.
    static func status(ofException type: String) -> Int {
        switch type.lowercased().split(separator: ":").first.map(String.init) ?? "" {
        case "throttlingexception": 429
        case "serviceunavailableexception": 503
        case "modeltimeoutexception": 408
        case "modelnotreadyexception": 429
        case "validationexception", "modelerrorexception": 400
        case "accessdeniedexception": 403
        case "resourcenotfoundexception": 404
        case "modelstreamerrorexception": 502
        default: 500
        }
    }
}
