/// Which parts of a chat completions body may pass the gateway. The OpenAI-compatible adapter sends the body on as the
/// client wrote it (after the stages' rewrites), so a parameter the gateway does not know could carry text to the model
/// that nothing scanned (a vendor's `guided_json`, `web_search_options`, a message's free-text field): each is
/// refused, naming it, rather than sent on.
extension ChatRequest {
    /// Parameters that steer sampling, streaming, tools or bookkeeping and carry no text to the model of their own
    /// (`messages`, `tools` and `response_format` are read and scanned).
    static let knownParameters: Set<String> = [
        "model", "messages", "stream", "stream_options", "max_tokens", "max_completion_tokens", "temperature", "top_p", "n", "stop",
        "presence_penalty", "frequency_penalty", "logit_bias", "logprobs", "top_logprobs", "seed", "user", "metadata", "store",
        "service_tier", "response_format", "tools", "tool_choice", "parallel_tool_calls", "reasoning_effort", "verbosity",
        "modalities", "prompt_cache_key", "safety_identifier",
    ]

    /// The fields a message may have (`function_call` and `audio` are refused before these are checked). `refusal` and
    /// `annotations` are fields of an answer that clients send back with it: accepted empty.
    static let knownMessageFields: Set<String> = ["role", "content", "name", "tool_calls", "tool_call_id", "refusal", "annotations"]

    /// The first key of `object` the gateway does not know, refused (a null carries nothing: clients send an earlier
    /// answer back with its empty fields, `"audio": null`).
    static func refuseUnknown(_ object: JSONValue, known: Set<String>, at path: String = "") throws(GatewayError) {
        guard case .object(let fields) = object,
              let unknown = fields.keys.sorted().first(where: { !known.contains($0) && fields[$0] != .null })
        else { return }
        throw .invalidRequest("'\(unknown)' is not a parameter the gateway knows: what it might carry to the model would not be scanned, and nothing unscanned is sent on",
                              code: "unsupported_parameter", param: path + unknown)
    }

    /// Checks a message's fields other than its content and tool calls: `name` and `tool_call_id` are not scanned, so
    /// they are held to identifier shapes; an earlier answer's `refusal` text is not sent on.
    static func checkMessageFields(_ item: JSONValue, role: String, at i: Int) throws(GatewayError) {
        try refuseUnknown(item, known: knownMessageFields, at: "messages[\(i)].")
        switch item["name"] {
        case nil, .null?: break
        case .string(let name)? where ToolCall.isToolName(name): break
        case _?: throw .invalidRequest("a message's 'name' is 1 to 64 letters, digits, '_' or '-'", code: "invalid_type", param: "messages[\(i)].name")
        }
        switch item["tool_call_id"] {
        case nil, .null?:
            if role == "tool" { throw .invalidRequest("a tool message needs 'tool_call_id'", code: "invalid_type", param: "messages[\(i)].tool_call_id") }
        case .string(let id)? where ToolCall.isToolCallID(id) && role == "tool": break
        case _?:
            throw .invalidRequest("'tool_call_id' belongs to tool messages: 1 to 128 printable characters without spaces", code: "invalid_type",
                                  param: "messages[\(i)].tool_call_id")
        }
        switch item["refusal"] {
        case nil, .null?: break
        case _?: throw .invalidRequest("an earlier answer's 'refusal' cannot pass the gateway: send it as content", code: "unsupported_parameter",
                                       param: "messages[\(i)].refusal")
        }
        switch item["annotations"] {
        case nil, .null?, .array([])?: break
        case _?: throw .invalidRequest("an earlier answer's 'annotations' cannot pass the gateway", code: "unsupported_parameter",
                                       param: "messages[\(i)].annotations")
        }
    }

    /// The text a `response_format` carries to the model: none for `text` and `json_object`; for `json_schema`, every
    /// name and string of the schema and its description, scanned like a tool definition.
    static func responseSchemaText(_ value: JSONValue?) throws(GatewayError) -> String? {
        switch value {
        case nil, .null?, .object(["type": .string("text")])?, .object(["type": .string("json_object")])?: return nil
        case .object(let format)? where format["type"] == .string("json_schema"):
            guard case .object? = format["json_schema"] else {
                throw .invalidRequest("a json_schema response format needs 'json_schema'", code: "invalid_type", param: "response_format.json_schema")
            }
            try refuseUnknown(.object(format), known: ["type", "json_schema"], at: "response_format.")
            var texts: [String] = []
            Tool.collectText(format["json_schema"]!, into: &texts)
            return texts.joined(separator: "\n")
        default:
            throw .invalidRequest("'response_format' must be {\"type\": \"text\"}, {\"type\": \"json_object\"} or a json_schema format", code: "unsupported_parameter",
                                  param: "response_format")
        }
    }

    /// The gateway reads and scans one choice: `n` may be 1 (more would be generated and paid for unscanned, and a
    /// stream's choices would interleave).
    static func checkChoiceCount(_ value: JSONValue?) throws(GatewayError) {
        switch value {
        case nil, .null?, .number(1)?: return
        case _?: throw .invalidRequest("the gateway returns one choice: 'n' may be 1", code: "unsupported_parameter", param: "n")
        }
    }

    /// The identifiers and labels a request sends the provider beside the prompt (`user`, `safety_identifier`,
    /// `prompt_cache_key`, each `metadata` value, the `stop` sequences): not shown to the model, but kept in the
    /// provider's logs, so they are scanned for personal data and secrets like the prompt (and rewritten or refused by
    /// the same policy).
    /// `metadata` keys are held to OpenAI's 64 characters.
    static func labels(_ body: JSONValue) throws(GatewayError) -> [Label] {
        var labels: [Label] = []
        for name in ["user", "safety_identifier", "prompt_cache_key"] {
            switch body[name] {
            case nil, .null?: continue
            case .string(let text)?: labels.append(Label(path: [name], text: text))
            case let other?: throw .invalidRequest("'\(name)' must be a string, not \(other.kind)", code: "invalid_type", param: name)
            }
        }
        // Stop sequences are not shown to the model, but the provider keeps them with the request.
        switch body["stop"] {
        case nil, .null?: break
        case .string(let text)?: labels.append(Label(path: ["stop"], text: text))
        case .array(let stops)?:
            for (i, stop) in stops.enumerated() {
                guard case .string(let text) = stop else {
                    throw .invalidRequest("'stop' must be a string or an array of strings", code: "invalid_type", param: "stop")
                }
                labels.append(Label(path: ["stop", String(i)], text: text))
            }
        case let other?: throw .invalidRequest("'stop' must be a string or an array of strings, not \(other.kind)", code: "invalid_type", param: "stop")
        }
        switch body["metadata"] {
        case nil, .null?: break
        case .object(let fields)?:
            for key in fields.keys.sorted() {
                guard key.count <= 64, case .string(let value)? = fields[key] else {
                    throw .invalidRequest("'metadata' holds strings under keys of at most 64 characters", code: "invalid_type", param: "metadata.\(key.prefix(64))")
                }
                labels.append(Label(path: ["metadata", key], text: value))
            }
        case let other?: throw .invalidRequest("'metadata' must be an object of strings, not \(other.kind)", code: "invalid_type", param: "metadata")
        }
        return labels
    }

    /// Only text output can be scanned: `modalities` may ask for text and nothing else.
    static func checkModalities(_ value: JSONValue?) throws(GatewayError) {
        switch value {
        case nil, .null?, .array([.string("text")])?: return
        case _?: throw .invalidRequest("only text output can pass the gateway: 'modalities' may be [\"text\"]", code: "unsupported_parameter", param: "modalities")
        }
    }
}
