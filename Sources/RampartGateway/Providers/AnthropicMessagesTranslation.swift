/// Translation between the gateway's chat form and Anthropic's Messages API, both ways. Pure.
enum AnthropicMessagesTranslation {
    /// The Messages request body: the system messages joined into `system`, each turn one message; `max_tokens` is
    /// required by the API and defaults to `defaultMaxTokens`.
    /// A call with tools has its messages as content blocks (`AnthropicTools`).
    static func body(_ chat: ChatRequest, model: String, stream: Bool, defaultMaxTokens: Int = 4096) throws -> JSONValue {
        let conversation = ConversationTurns(chat)
        var body: [String: JSONValue] = [
            "model": .string(model), "max_tokens": .number(Double(chat.maxTokens ?? defaultMaxTokens)), "stream": .bool(stream),
            "messages": .array(conversation.turns.map { .object(["role": .string($0.role), "content": .string($0.contents.joined(separator: "\n\n"))]) }),
        ]
        if chat.carriesTools {
            body["messages"] = .array(try AnthropicTools.messages(chat))
            body.merge(AnthropicTools.fields(chat)) { $1 }
        }
        if !conversation.system.isEmpty { body["system"] = .string(conversation.system.joined(separator: "\n\n")) }
        if case .number(let temperature)? = chat.body["temperature"] { body["temperature"] = .number(temperature) }
        if case .number(let topP)? = chat.body["top_p"] { body["top_p"] = .number(topP) }
        if let stops = conversation.stopSequences { body["stop_sequences"] = .array(stops) }
        return .object(body)
    }

    static func completion(_ json: JSONValue, model: String) throws -> UpstreamCompletion {
        guard case .array(let content)? = json["content"] else { throw UpstreamError(.malformed, "the answer is not an Anthropic message") }
        let text = content.compactMap { block -> String? in
            if case .string("text")? = block["type"], case .string(let text)? = block["text"] { text } else { nil }
        }.joined()
        var finish = "stop"
        if case .string(let reason)? = json["stop_reason"] { finish = finishReason(reason) }
        var reported = model
        if case .string(let name)? = json["model"] { reported = name }
        var usage: TokenUsage?
        if let input = json["usage"]?["input_tokens"]?.count, let output = json["usage"]?["output_tokens"]?.count {
            usage = TokenUsage(prompt: input, completion: output)
        }
        return UpstreamCompletion(text: text, finishReason: finish, usage: usage, model: reported, toolCalls: AnthropicTools.calls(in: content))
    }

    /// Anthropic's stop reasons in OpenAI's words.
    static func finishReason(_ stopReason: String) -> String {
        switch stopReason {
        case "max_tokens": "length"
        case "tool_use": "tool_calls"
        case "refusal": "content_filter"
        default: "stop"
        }
    }

    /// The HTTP status that stands for an Anthropic error type reported inside a stream.
    static func status(ofError type: String) -> Int {
        switch type {
        case "overloaded_error": 529
        case "rate_limit_error": 429
        case "invalid_request_error": 400
        case "authentication_error": 401
        case "permission_error": 403
        case "not_found_error": 404
        case "request_too_large": 413
        default: 500
        }
    }
}
