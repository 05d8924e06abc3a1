import Crypto
import RampartCore

/// Function tools in Bedrock's Converse API, both ways: OpenAI's `tools` and `tool_choice` become `toolConfig`
/// (`toolSpec`s with their `inputSchema`), assistant `tool_calls` and `tool` messages become `toolUse` and
/// `toolResult` blocks; `toolUse` blocks in an answer become tool calls, their `input` as the arguments' JSON text.
/// Pure.
enum BedrockTools {
    /// What of a call with tools Converse cannot say, as the request's parameter, or nil when it can carry the call:
    /// it has no way to forbid parallel calls, and it wants `toolConfig` (which has no "none" choice) whenever the
    /// conversation holds tool calls or results.
    static func limit(_ chat: ChatRequest) -> String? {
        if case .bool(false)? = chat.body["parallel_tool_calls"] { return "parallel_tool_calls" }
        let history = chat.messages.contains { !$0.toolCalls.isEmpty || $0.role == "tool" }
        guard history else { return nil }
        if chat.tools.isEmpty { return "tools" }
        if case .string("none")? = chat.body["tool_choice"] { return "tool_choice" }
        return nil
    }

    /// The request's `toolConfig`, or nil when it offers no tools or asks for none to be called.
    static func toolConfig(_ chat: ChatRequest) -> JSONValue? {
        guard case .array(let tools)? = chat.body["tools"], !tools.isEmpty else { return nil }
        var choice: JSONValue?
        switch chat.body["tool_choice"] {
        case .string("none")?: return nil
        case .string("required")?: choice = .object(["any": .object([:])])
        case .object(let named)?: choice = .object(["tool": .object(["name": named["function"]?["name"] ?? .string("")])])
        default: break  // auto, Converse's default
        }
        var config: [String: JSONValue] = ["tools": .array(tools.map { tool in
            let function = tool["function"]
            var spec: [String: JSONValue] = [
                "name": function?["name"] ?? .string(""),
                "inputSchema": .object(["json": function?["parameters"] ?? ChatRequest.Tool.noParameters]),
            ]
            if case .string(let description)? = function?["description"], !description.isEmpty { spec["description"] = .string(description) }
            return .object(["toolSpec": .object(spec)])
        })]
        if let choice { config["toolChoice"] = choice }
        return .object(config)
    }

    /// A message's content blocks: a tool message's result, or the text and (for the assistant) its tool calls.
    /// A call's arguments that are not a JSON object cannot be a `toolUse` input: the request is refused as
    /// malformed rather than sent on changed.
    static func blocks(of message: ChatRequest.Message, at i: Int, in chat: ChatRequest) throws -> [JSONValue] {
        if message.role == "tool" {
            var id = chat.toolCallID(ofMessage: i)
            if case .string(let text) = id { id = .string(toolUseID(text)) }
            return [.object(["toolResult": .object([
                "toolUseId": id, "content": .array([.object(["text": .string(message.text)])]),
            ])])]
        }
        var blocks: [JSONValue] = []
        if !message.text.isEmpty { blocks.append(.object(["text": .string(message.text)])) }
        guard message.role == "assistant" else { return blocks }
        for call in message.toolCalls {
            guard let input = call.input else {
                throw UpstreamError(.status, status: 400, "messages[\(i)]: tool call arguments that are not a JSON object cannot go to Bedrock")
            }
            blocks.append(.object(["toolUse": .object(["toolUseId": .string(toolUseID(call.id)), "name": .string(call.name), "input": .object(input)])]))
        }
        return blocks
    }

    /// Bedrock's tool-use ids are 1 to 64 of `[a-zA-Z0-9_.:-]` (its service model's `ToolUseId`); the gateway takes
    /// ids of up to 128 printable characters, as other servers write them. Any other id is sent as `rmp_` and 16
    /// hexadecimal digits of its SHA-256, the same for the call and for its result, so the pair still matches.
    static func toolUseID(_ id: String) -> String {
        let bytes = Array(id.utf8)
        let fits = (1...64).contains(bytes.count) && bytes.allSatisfy { b in
            (48...57).contains(b) || (65...90).contains(b) || (97...122).contains(b) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
                || b == UInt8(ascii: ".") || b == UInt8(ascii: ":")
        }
        if fits { return id }
        return "rmp_" + Hex.encode(SHA256.hash(data: bytes).prefix(8))
    }

    /// The `toolUse` blocks of an answer, as tool calls.
    static func calls(in content: [JSONValue]) -> [ToolCall] {
        content.compactMap { block in
            guard let use = block["toolUse"], case .string(let id)? = use["toolUseId"], case .string(let name)? = use["name"] else { return nil }
            return ToolCall(id: id, name: name, input: use["input"] ?? .object([:]))
        }
    }
}
