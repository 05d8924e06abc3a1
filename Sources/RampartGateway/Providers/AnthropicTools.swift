/// Function tools in Anthropic's Messages API, both ways: OpenAI's `tools`, `tool_choice`, assistant `tool_calls`
/// and `tool` messages become `tools`, `tool_choice`, `tool_use` and `tool_result` blocks; `tool_use` blocks in an
/// answer become tool calls, their `input` as the arguments' JSON text. Pure.
enum AnthropicTools {
    /// The request's tools and tool choice in Anthropic's form (empty when it offers none).
    static func fields(_ chat: ChatRequest) -> [String: JSONValue] {
        guard case .array(let tools)? = chat.body["tools"], !tools.isEmpty else { return [:] }
        var fields: [String: JSONValue] = ["tools": .array(tools.map { tool in
            let function = tool["function"]
            var out: [String: JSONValue] = ["name": function?["name"] ?? .string(""),
                                            "input_schema": function?["parameters"] ?? ChatRequest.Tool.noParameters]
            if case .string(let description)? = function?["description"] { out["description"] = .string(description) }
            return .object(out)
        })]
        var choice: [String: JSONValue]?
        switch chat.body["tool_choice"] {
        case .string("auto")?: choice = ["type": .string("auto")]
        case .string("required")?: choice = ["type": .string("any")]
        case .string("none")?: choice = ["type": .string("none")]
        case .object(let named)?: choice = ["type": .string("tool"), "name": named["function"]?["name"] ?? .string("")]
        default: break
        }
        if case .bool(false)? = chat.body["parallel_tool_calls"] {
            choice = (choice ?? ["type": .string("auto")]).merging(["disable_parallel_tool_use": .bool(true)]) { $1 }
        }
        if let choice { fields["tool_choice"] = .object(choice) }
        return fields
    }

    /// The conversation as Anthropic messages of content blocks, in `ConversationTurns` (the API wants turns to
    /// alternate). A call's arguments that are not a JSON object cannot be a `tool_use` input: the request is refused
    /// as malformed rather than sent on changed.
    static func messages(_ chat: ChatRequest) throws -> [JSONValue] {
        try ConversationTurns(chat) { i, message in try blocks(of: message, at: i, in: chat) }
            .turns.map { .object(["role": .string($0.role), "content": .array($0.contents)]) }
    }

    /// A message's content blocks: a tool message's result, or the text and (for the assistant) its tool calls.
    static func blocks(of message: ChatRequest.Message, at i: Int, in chat: ChatRequest) throws -> [JSONValue] {
        if message.role == "tool" {
            return [.object(["type": .string("tool_result"), "tool_use_id": chat.toolCallID(ofMessage: i), "content": .string(message.text)])]
        }
        var blocks: [JSONValue] = []
        if !message.text.isEmpty { blocks.append(.object(["type": .string("text"), "text": .string(message.text)])) }
        guard message.role == "assistant" else { return blocks }
        for call in message.toolCalls {
            guard let input = call.input else {
                throw UpstreamError(.status, status: 400, "messages[\(i)]: tool call arguments that are not a JSON object cannot go to Anthropic")
            }
            blocks.append(.object(["type": .string("tool_use"), "id": .string(call.id), "name": .string(call.name), "input": .object(input)]))
        }
        return blocks
    }

    /// The `tool_use` blocks of an answer, as tool calls.
    static func calls(in content: [JSONValue]) -> [ToolCall] {
        content.compactMap { block in
            guard case .string("tool_use")? = block["type"], case .string(let id)? = block["id"], case .string(let name)? = block["name"] else { return nil }
            return ToolCall(id: id, name: name, input: block["input"] ?? .object([:]))
        }
    }
}
