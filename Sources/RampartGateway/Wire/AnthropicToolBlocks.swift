/// Function tools on the Anthropic wire format (`POST /v1/messages`), read into OpenAI's form and written back:
/// custom tools become function tools, `tool_choice` OpenAI's, an assistant's `tool_use` blocks its `tool_calls`, a
/// user's `tool_result` blocks `tool` messages (ahead of the user's text, where Anthropic puts them); a tool call
/// in an answer becomes a `tool_use` block. Other kinds of block and tool are refused, naming them. Pure.
enum AnthropicToolBlocks {
    /// The OpenAI messages one Anthropic message becomes: for a user, a `tool` message per `tool_result` block and
    /// then the text; for the assistant, its text and tool calls.
    static func messages(role: String, content: JSONValue?, at i: Int) throws(GatewayError) -> [JSONValue] {
        let param = "messages[\(i)].content"
        guard case .array(let blocks)? = content else {
            return [.object(["role": .string(role), "content": try textContent(content, param: param)])]
        }
        var results: [JSONValue] = [], texts: [String] = [], calls: [JSONValue] = []
        for (j, block) in blocks.enumerated() {
            let at = "\(param)[\(j)]"
            guard case .string(let type)? = block["type"] else {
                throw .invalidRequest("each content block needs a 'type'", code: "invalid_type", param: "\(at).type")
            }
            switch (type, role) {
            case ("text", _):
                guard case .string(let text)? = block["text"] else { throw .invalidRequest("a text block needs 'text'", code: "invalid_type", param: "\(at).text") }
                texts.append(text)
            case ("tool_use", "assistant"):
                guard case .string(let id)? = block["id"], ToolCall.isToolCallID(id) else {
                    throw .invalidRequest("a tool_use block needs an 'id' of 1 to 128 printable characters without spaces", code: "invalid_type", param: "\(at).id")
                }
                guard case .string(let name)? = block["name"], ToolCall.isToolName(name) else {
                    throw .invalidRequest("a tool_use block needs a 'name' of 1 to 64 letters, digits, '_' or '-'", code: "invalid_type", param: "\(at).name")
                }
                guard let input = block["input"], case .object = input else {
                    throw .invalidRequest("a tool_use block's 'input' is a JSON object", code: "invalid_type", param: "\(at).input")
                }
                calls.append(ToolCall(id: id, name: name, input: input).json)
            case ("tool_result", "user"):
                guard case .string(let id)? = block["tool_use_id"], ToolCall.isToolCallID(id) else {
                    throw .invalidRequest("a tool_result block needs a 'tool_use_id' of 1 to 128 printable characters without spaces", code: "invalid_type",
                                          param: "\(at).tool_use_id")
                }
                results.append(.object(["role": .string("tool"), "tool_call_id": .string(id), "content": try textContent(block["content"], param: "\(at).content")]))
            default:
                throw .invalidRequest("content blocks of type '\(type)' cannot pass the gateway in a \(role) message: only text and tools are scanned, and nothing unscanned is sent on",
                                      code: "unsupported_content", param: "\(at).type")
            }
        }
        guard role == "assistant" else {
            return results + (texts.isEmpty && !results.isEmpty ? [] : [.object(["role": .string("user"), "content": chatContent(texts)])])
        }
        var message: [String: JSONValue] = ["role": .string("assistant"), "content": texts.isEmpty && !calls.isEmpty ? .null : chatContent(texts)]
        if !calls.isEmpty { message["tool_calls"] = .array(calls) }
        return [.object(message)]
    }

    /// Text blocks as chat content: one text is a string, several stay parts, so that the scanners read them run
    /// together as a model does (a value cut across blocks is still found) and each part is rewritten on its own.
    static func chatContent(_ texts: [String]) -> JSONValue {
        texts.count <= 1 ? .string(texts.first ?? "") : .array(texts.map { .object(["type": .string("text"), "text": .string($0)]) })
    }

    /// A string or an array of text blocks (a system prompt, a tool result) as chat content; other blocks are refused.
    static func textContent(_ value: JSONValue?, param: String) throws(GatewayError) -> JSONValue {
        chatContent(try ChatRequest.textParts(of: value, param: param))
    }

    /// `tools` and `tool_choice` in OpenAI's form (and `parallel_tool_calls: false` for `disable_parallel_tool_use`).
    /// Only custom tools pass: Anthropic's server and client tools (web search, code execution, computer use) carry
    /// what the gateway cannot read.
    static func tools(_ value: JSONValue?, choice: JSONValue?) throws(GatewayError) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [:]
        switch value {
        case nil, .null?: break
        case .array(let items)?:
            var tools: [JSONValue] = []
            for (i, item) in items.enumerated() {
                if let type = item["type"], type != .string("custom") {
                    throw .invalidRequest("only custom tools can pass the gateway: what other kinds carry is not scanned", code: "unsupported_parameter",
                                          param: "tools[\(i)].type")
                }
                guard case .string(let name)? = item["name"], ToolCall.isToolName(name) else {
                    throw .invalidRequest("a tool needs a 'name' of 1 to 64 letters, digits, '_' or '-'", code: "invalid_type", param: "tools[\(i)].name")
                }
                var function: [String: JSONValue] = [
                    "name": .string(name), "parameters": item["input_schema"] ?? ChatRequest.Tool.noParameters,
                ]
                if case .string(let description)? = item["description"] { function["description"] = .string(description) }
                tools.append(.object(["type": .string("function"), "function": .object(function)]))
            }
            fields["tools"] = .array(tools)
        case let other?:
            throw .invalidRequest("'tools' must be an array, not \(other.kind)", code: "invalid_type", param: "tools")
        }
        switch choice {
        case nil, .null?: break
        case .object(let choice)?:
            switch (choice["type"], choice["name"]) {
            case (.string("auto")?, nil): fields["tool_choice"] = .string("auto")
            case (.string("any")?, nil): fields["tool_choice"] = .string("required")
            case (.string("none")?, nil): fields["tool_choice"] = .string("none")
            case (.string("tool")?, .string(let name)?):
                fields["tool_choice"] = .object(["type": .string("function"), "function": .object(["name": .string(name)])])
            default:
                throw .invalidRequest("'tool_choice' must be {\"type\": \"auto\" | \"any\" | \"none\"} or {\"type\": \"tool\", \"name\": ...}", code: "invalid_type",
                                      param: "tool_choice")
            }
            if case .bool(true)? = choice["disable_parallel_tool_use"] { fields["parallel_tool_calls"] = .bool(false) }
        case _?:
            throw .invalidRequest("'tool_choice' must be an object", code: "invalid_type", param: "tool_choice")
        }
        return fields
    }

    /// A tool call as a `tool_use` block. Arguments that are not a JSON object (a model may write anything) cannot be
    /// an Anthropic input: the answer is withheld rather than changed.
    static func toolUse(_ call: ToolCall) throws(GatewayError) -> JSONValue {
        guard let input = call.input else {
            throw GatewayError(status: 502, type: "upstream_error", code: "tool_call_malformed",
                               message: "the model called '\(call.name)' with arguments that are not a JSON object")
        }
        return .object(["type": .string("tool_use"), "id": .string(call.id), "name": .string(call.name), "input": .object(input)])
    }
}
