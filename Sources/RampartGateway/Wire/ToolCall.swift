/// A call of a function tool: by the model in an answer, or in an earlier assistant turn the client sends back.
/// `arguments` is the JSON text the model wrote, scanned as text (models do not always write valid JSON).
public struct ToolCall: Sendable, Hashable {
    public var id: String
    public var name: String
    public var arguments: String

    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }

    /// A call whose arguments are `input` written as JSON (how Anthropic and Bedrock give a call's input).
    init(id: String, name: String, input: JSONValue) {
        self.init(id: id, name: name, arguments: String(decoding: input.jsonBytes, as: UTF8.self))
    }

    /// The arguments as a JSON object, the only input Anthropic's and Bedrock's tool blocks take; nil when the model
    /// wrote anything else.
    var input: [String: JSONValue]? {
        guard case .object(let input)? = try? JSONValue(parsing: arguments.utf8) else { return nil }
        return input
    }

    /// Reads OpenAI's `tool_calls` array (`[{id, type: "function", function: {name, arguments}}]`), naming the
    /// parameter of the first problem.
    static func list(_ value: JSONValue?, param: String) throws(GatewayError) -> [ToolCall] {
        switch value {
        case nil, .null?: return []
        case .array(let items)?:
            var calls: [ToolCall] = []
            for (j, item) in items.enumerated() {
                guard case .string(let id)? = item["id"] else {
                    throw .invalidRequest("each tool call needs an 'id'", code: "invalid_type", param: "\(param)[\(j)].id")
                }
                guard case .string("function") = item["type"] ?? .string("function") else {
                    throw .invalidRequest("only function tool calls can pass the gateway", code: "unsupported_parameter", param: "\(param)[\(j)].type")
                }
                guard case .string(let name)? = item["function"]?["name"], case .string(let arguments)? = item["function"]?["arguments"] else {
                    throw .invalidRequest("a tool call needs 'function.name' and 'function.arguments' as strings", code: "invalid_type",
                                          param: "\(param)[\(j)].function")
                }
                // Names and ids are not scanned, so they may not carry text: OpenAI's rule for names, no spaces in ids.
                guard isToolName(name) else {
                    throw .invalidRequest("a tool name is 1 to 64 letters, digits, '_' or '-'", code: "invalid_type", param: "\(param)[\(j)].function.name")
                }
                guard isToolCallID(id) else {
                    throw .invalidRequest("a tool call id is 1 to 128 printable characters without spaces", code: "invalid_type", param: "\(param)[\(j)].id")
                }
                calls.append(ToolCall(id: id, name: name, arguments: arguments))
            }
            return calls
        case let other?:
            throw .invalidRequest("'tool_calls' must be an array, not \(other.kind)", code: "invalid_type", param: param)
        }
    }

    /// OpenAI's rule for function names: `^[a-zA-Z0-9_-]{1,64}$`.
    static func isToolName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count) && name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "-"): true
            default: false
            }
        }
    }

    /// Printable ASCII without spaces, 1 to 128 bytes (`call_...`, `toolu_...`).
    static func isToolCallID(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count) && id.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    /// The call in OpenAI's form.
    var json: JSONValue {
        .object(["id": .string(id), "type": .string("function"), "function": .object(["name": .string(name), "arguments": .string(arguments)])])
    }
}

extension ChatRequest {
    /// The `tool_call_id` of the tool message at `index`, as the client sent it (empty when there is none).
    func toolCallID(ofMessage index: Int) -> JSONValue { body["messages"]?[index]?["tool_call_id"] ?? .string("") }

    /// Reads `tool_choice`: "none", "auto", "required", or one of the offered functions by name; nothing else, so that
    /// it carries no text of its own.
    static func checkToolChoice(_ value: JSONValue?, tools: [Tool]) throws(GatewayError) {
        switch value {
        case nil, .null?, .string("none")?, .string("auto")?, .string("required")?: return
        case .object(let choice)? where Set(choice.keys).isSubset(of: ["type", "function"]) && choice["type"] == .string("function"):
            if case .object(let function)? = choice["function"], function.keys.elementsEqual(["name"]), case .string(let name)? = function["name"],
               tools.contains(where: { $0.name == name }) {
                return
            }
        default: break
        }
        throw .invalidRequest("'tool_choice' must be \"none\", \"auto\", \"required\" or {\"type\": \"function\", \"function\": {\"name\": ...}} naming an offered tool",
                              code: "invalid_type", param: "tool_choice")
    }

    /// Whether the call offers tools or carries earlier tool calls.
    public var carriesTools: Bool { !tools.isEmpty || messages.contains { !$0.toolCalls.isEmpty } }
}

extension ChatRequest.Tool {
    /// The parameters of a function that declares none: an object without properties.
    static let noParameters: JSONValue = .object(["type": .string("object"), "properties": .object([:])])

    /// Reads OpenAI's `tools` array (`[{type: "function", function: {name, description, parameters}}]`). Other
    /// kinds of tool (built-in tools of a provider) carry what the gateway cannot read, so they are refused.
    static func list(_ value: JSONValue?) throws(GatewayError) -> [ChatRequest.Tool] {
        switch value {
        case nil, .null?: return []
        case .array(let items)?:
            var tools: [ChatRequest.Tool] = []
            for (i, item) in items.enumerated() {
                guard case .string("function")? = item["type"] else {
                    throw .invalidRequest("only tools of type 'function' can pass the gateway: what others carry is not scanned",
                                          code: "unsupported_parameter", param: "tools[\(i)].type")
                }
                guard case .string(let name)? = item["function"]?["name"], ToolCall.isToolName(name) else {
                    throw .invalidRequest("a function tool needs 'function.name' of 1 to 64 letters, digits, '_' or '-'", code: "invalid_type",
                                          param: "tools[\(i)].function.name")
                }
                var texts = [name]
                if let definition = item["function"] { collectText(definition, into: &texts) }
                tools.append(ChatRequest.Tool(name: name, text: texts.joined(separator: "\n")))
            }
            return tools
        case let other?:
            throw .invalidRequest("'tools' must be an array, not \(other.kind)", code: "invalid_type", param: "tools")
        }
    }

    /// Every object key and string in `value`, in a stable order: a schema can carry instructions in a property
    /// name, a description, an enum value or a default.
    static func collectText(_ value: JSONValue, into texts: inout [String]) {
        switch value {
        case .string(let text): texts.append(text)
        case .array(let values): for value in values { collectText(value, into: &texts) }
        case .object(let fields):
            for key in fields.keys.sorted() {
                texts.append(key)
                collectText(fields[key]!, into: &texts)
            }
        case .null, .bool, .number: break
        }
    }
}
