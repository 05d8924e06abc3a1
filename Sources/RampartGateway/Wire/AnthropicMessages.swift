import Foundation

/// The Anthropic Messages API (`POST /v1/messages`), translated to and from the pipeline's `ChatRequest`.
enum AnthropicMessages {
    /// The Messages API parameters the gateway reads (`service_tier` is accepted and not sent on). Others (`thinking`,
    /// `top_k`, `mcp_servers`, `container`, ...) are refused by name rather than dropped: the call would not be the one
    /// the client asked for, and some would have the provider fetch text the gateway never sees.
    static let knownParameters: Set<String> = [
        "model", "messages", "max_tokens", "system", "stream", "temperature", "top_p", "stop_sequences", "metadata", "tools", "tool_choice",
        "service_tier",
    ]

    /// Reads a Messages API body, naming the parameter of the first problem. The request is rebuilt in OpenAI's form
    /// from what is read (text, custom tools, `tool_use` and `tool_result` blocks, the sampling parameters) and read
    /// again as a chat request, so both endpoints share one set of checks; nothing else of the body goes upstream.
    static func request(_ body: JSONValue) throws(GatewayError) -> ChatRequest {
        guard case .object = body else { throw .invalidRequest("the body must be a JSON object") }
        guard case .string(let model)? = body["model"], !model.isEmpty else {
            throw .invalidRequest("'model' is required and must be a non-empty string", code: "invalid_type", param: "model")
        }
        guard case .number(let max)? = body["max_tokens"], max >= 1, max <= 1_000_000, max.rounded() == max else {
            throw .invalidRequest("'max_tokens' is required: a whole number from 1 to 1000000", code: "invalid_type", param: "max_tokens")
        }
        try ChatRequest.refuseUnknown(body, known: knownParameters)
        if let metadata = body["metadata"] { try ChatRequest.refuseUnknown(metadata, known: ["user_id"], at: "metadata.") }
        var messages: [JSONValue] = []
        switch body["system"] {
        case nil, .null?: break
        case let system?: messages.append(.object(["role": .string("system"), "content": try AnthropicToolBlocks.textContent(system, param: "system")]))
        }
        guard case .array(let list)? = body["messages"], !list.isEmpty else {
            throw .invalidRequest("'messages' is required and must be a non-empty array", code: "invalid_type", param: "messages")
        }
        for (i, item) in list.enumerated() {
            guard case .string(let role)? = item["role"], role == "user" || role == "assistant" else {
                throw .invalidRequest("each message needs a 'role' of user or assistant", code: "invalid_type", param: "messages[\(i)].role")
            }
            messages += try AnthropicToolBlocks.messages(role: role, content: item["content"], at: i)
        }
        var stream = false
        switch body["stream"] {
        case nil, .null?: break
        case .bool(let value)?: stream = value
        case let other?: throw .invalidRequest("'stream' must be a boolean, not \(other.kind)", code: "invalid_type", param: "stream")
        }
        var openAI: [String: JSONValue] = ["model": .string(model), "max_tokens": .number(max), "stream": .bool(stream), "messages": .array(messages)]
        for name in ["temperature", "top_p"] {
            switch body[name] {
            case nil, .null?: continue
            case .number(let value)?: openAI[name] = .number(value)
            case _?: throw .invalidRequest("'\(name)' must be a number", code: "invalid_type", param: name)
            }
        }
        switch body["stop_sequences"] {
        case nil, .null?: break
        case .array(let stops)? where stops.allSatisfy({ if case .string = $0 { true } else { false } }): openAI["stop"] = .array(stops)
        case _?: throw .invalidRequest("'stop_sequences' must be an array of strings", code: "invalid_type", param: "stop_sequences")
        }
        // The end user, for the audit record.
        if case .string(let user)? = body["metadata"]?["user_id"] { openAI["user"] = .string(user) }
        openAI.merge(try AnthropicToolBlocks.tools(body["tools"], choice: body["tool_choice"])) { $1 }
        var chat = try ChatRequest(openAI: .object(openAI))
        chat.includeUsage = true
        return chat
    }

    static func stopReason(_ finish: String?) -> String {
        switch finish {
        case "length": "max_tokens"
        case "tool_calls": "tool_use"
        case "content_filter": "refusal"
        default: "end_turn"
        }
    }

    /// The answer as an Anthropic message: its text, and a `tool_use` block for each tool call (whose arguments must
    /// be a JSON object, the only input Anthropic's clients read).
    static func message(_ completion: UpstreamCompletion, call: ModelCall) throws(GatewayError) -> JSONValue {
        var content: [JSONValue] = []
        if !completion.text.isEmpty || completion.toolCalls.isEmpty {
            content.append(.object(["type": .string("text"), "text": .string(completion.text)]))
        }
        for toolCall in completion.toolCalls { content.append(try AnthropicToolBlocks.toolUse(toolCall)) }
        return .object([
            "id": .string("msg_\(call.requestID)"), "type": .string("message"), "role": .string("assistant"),
            "model": .string(completion.model), "content": .array(content),
            "stop_reason": .string(stopReason(completion.finishReason)), "stop_sequence": .null,
            "usage": .object(["input_tokens": .number(Double(completion.usage?.prompt ?? 0)),
                              "output_tokens": .number(Double(completion.usage?.completion ?? 0))]),
        ])
    }

    /// Anthropic's error envelope, carrying the gateway's stable code.
    static func error(_ error: GatewayError) -> JSONValue {
        let type: String
        switch error.status {
        case 400, 413: type = error.status == 413 ? "request_too_large" : "invalid_request_error"
        case 404: type = "not_found_error"
        case 429: type = "rate_limit_error"
        case 401: type = "authentication_error"
        case 403: type = "permission_error"
        case 503, 529: type = "overloaded_error"
        default: type = "api_error"
        }
        // The envelope has no place for the parameter at fault: the message names it.
        let message = error.param.map { "\(error.message) (\($0))" } ?? error.message
        return .object(["type": .string("error"), "error": .object([
            "type": .string(type), "message": .string(message), "code": .string(error.code),
        ])])
    }
}
