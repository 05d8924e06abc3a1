import Foundation

/// The Anthropic Messages API (`POST /v1/messages`), translated to and from the pipeline's `ChatRequest`.
enum AnthropicMessages {
    /// Reads a Messages API body, naming the parameter of the first problem.
    static func request(_ body: JSONValue) throws(GatewayError) -> ChatRequest {
        guard case .object = body else { throw .invalidRequest("the body must be a JSON object") }
        guard case .string(let model)? = body["model"], !model.isEmpty else {
            throw .invalidRequest("'model' is required and must be a non-empty string", code: "invalid_type", param: "model")
        }
        guard case .number(let max)? = body["max_tokens"], max >= 1, max <= 1_000_000, max.rounded() == max else {
            throw .invalidRequest("'max_tokens' is required: a whole number from 1 to 1000000", code: "invalid_type", param: "max_tokens")
        }
        try ChatRequest.refuseUnscanned(body, ["tools", "tool_choice"])
        var messages: [ChatRequest.Message] = []
        switch body["system"] {
        case nil, .null?: break
        case let system?: messages.append(.init(role: "system", text: try ChatRequest.text(of: system, param: "system")))
        }
        guard case .array(let list)? = body["messages"], !list.isEmpty else {
            throw .invalidRequest("'messages' is required and must be a non-empty array", code: "invalid_type", param: "messages")
        }
        for (i, item) in list.enumerated() {
            guard case .string(let role)? = item["role"], role == "user" || role == "assistant" else {
                throw .invalidRequest("each message needs a 'role' of user or assistant", code: "invalid_type", param: "messages[\(i)].role")
            }
            messages.append(.init(role: role, text: try ChatRequest.text(of: item["content"], param: "messages[\(i)].content")))
        }
        var stream = false
        switch body["stream"] {
        case nil, .null?: break
        case .bool(let value)?: stream = value
        case let other?: throw .invalidRequest("'stream' must be a boolean, not \(other.kind)", code: "invalid_type", param: "stream")
        }
        let openAI: JSONValue = .object([
            "model": .string(model), "max_tokens": .number(max), "stream": .bool(stream),
            "messages": .array(messages.map { .object(["role": .string($0.role), "content": .string($0.text)]) }),
        ])
        return ChatRequest(model: model, messages: messages, stream: stream, includeUsage: true, maxTokens: Int(max), body: openAI)
    }

    static func stopReason(_ finish: String?) -> String {
        switch finish {
        case "length": "max_tokens"
        case "content_filter": "refusal"
        default: "end_turn"
        }
    }

    static func message(_ completion: UpstreamCompletion, call: ModelCall) -> JSONValue {
        .object([
            "id": .string("msg_\(call.requestID)"), "type": .string("message"), "role": .string("assistant"),
            "model": .string(completion.model),
            "content": .array([.object(["type": .string("text"), "text": .string(completion.text)])]),
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
