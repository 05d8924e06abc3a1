/// The parts of a chat request the gateway enforces on, read from the client's JSON; everything else passes through.
public struct ChatRequest: Sendable, Hashable {
    public struct Message: Sendable, Hashable {
        public var role: String
        /// The text of the message; array content is joined from its text parts.
        public var text: String
        /// The tools an assistant message called (earlier turns of the conversation, sent back by the client).
        public var toolCalls: [ToolCall] = []
    }

    /// A function tool the model may call: its name, and all the text its definition carries to the model (the
    /// description, and every name and string of its parameters' schema), which is scanned like a prompt.
    public struct Tool: Sendable, Hashable {
        public var name: String
        public var text: String
    }

    public var model: String
    public var messages: [Message]
    public var stream: Bool
    public var includeUsage: Bool
    public var maxTokens: Int?
    /// The function tools offered to the model.
    public var tools: [Tool] = []
    /// The text of `response_format`'s JSON schema (its names, descriptions and strings), which reaches the model as
    /// instructions and is scanned like a tool definition.
    public var responseSchema: String?
    /// Identifiers and labels sent to the provider beside the prompt (`ChatRequest.labels(_:)`), scanned too.
    public var labels: [Label] = []

    /// A request field that is text the provider keeps though the model does not see it.
    public struct Label: Sendable, Hashable {
        /// The keys that lead to it in the body (`["user"]`, `["metadata", "team"]`, `["stop", "1"]` for an array's
        /// second item).
        public var path: [String]
        public var text: String
        public var param: String { path.joined(separator: ".") }
    }
    /// The request as the client sent it (for endpoints other than chat, its inputs as chat messages, so that every
    /// stage reads and rewrites them the same way).
    public var body: JSONValue
    /// Fields of a non-chat request that are forwarded as they are (embeddings: `encoding_format`, `dimensions`).
    public var forwardedFields: [String: JSONValue] = [:]

    static let roles: Set<String> = ["system", "developer", "user", "assistant", "tool", "function"]

    /// Request parameters that carry text to the model outside what the gateway reads and scans (the deprecated
    /// `functions`, predicted output, audio): refused rather than sent on unscanned, in either wire format.
    static let unscannedParameters = ["functions", "function_call", "prediction", "audio"]
    static let unscannedMessageFields = ["function_call", "audio"]

    /// The first parameter of `body` (at `path`) among `names`, refused.
    static func refuseUnscanned(_ body: JSONValue, _ names: [String], at path: String = "") throws(GatewayError) {
        for name in names {
            switch body[name] {
            case nil, .null?: continue
            case _?:
                throw .invalidRequest("'\(name)' cannot pass the gateway yet: what it carries to the model is not scanned, and nothing unscanned is sent on",
                                      code: "unsupported_parameter", param: path + name)
            }
        }
    }

    /// The end user the caller says the request is for (OpenAI's `user`, Anthropic's `metadata.user_id`): a data
    /// subject of the call's audit record. At most 256 characters are kept.
    public var endUser: String? {
        guard case .string(let user)? = body["user"] ?? body["metadata"]?["user_id"], !user.isEmpty else { return nil }
        return String(user.prefix(256))
    }

    /// A request built by an endpoint that translates another wire format; `body` is the OpenAI form of it.
    init(model: String, messages: [Message], stream: Bool, includeUsage: Bool, maxTokens: Int?, body: JSONValue) {
        self.model = model
        self.messages = messages
        self.stream = stream
        self.includeUsage = includeUsage
        self.maxTokens = maxTokens
        self.body = body
    }

    /// Reads an OpenAI chat completions body, naming the parameter of the first problem.
    public init(openAI body: JSONValue) throws(GatewayError) {
        guard case .object = body else { throw .invalidRequest("the body must be a JSON object") }
        guard case .string(let model)? = body["model"], !model.isEmpty else {
            throw .invalidRequest("'model' is required and must be a non-empty string", code: "invalid_type", param: "model")
        }
        guard case .array(let list)? = body["messages"], !list.isEmpty else {
            throw .invalidRequest("'messages' is required and must be a non-empty array", code: "invalid_type", param: "messages")
        }
        try Self.refuseUnscanned(body, Self.unscannedParameters)
        try Self.refuseUnknown(body, known: Self.knownParameters)
        try Self.checkModalities(body["modalities"])
        try Self.checkChoiceCount(body["n"])
        let labels = try Self.labels(body)
        let responseSchema = try Self.responseSchemaText(body["response_format"])
        var messages: [Message] = []
        for (i, item) in list.enumerated() {
            guard case .string(let role)? = item["role"], Self.roles.contains(role) else {
                throw .invalidRequest("each message needs a 'role' of \(Self.roles.sorted().joined(separator: ", "))",
                                      code: "invalid_type", param: "messages[\(i)].role")
            }
            try Self.refuseUnscanned(item, Self.unscannedMessageFields, at: "messages[\(i)].")
            try Self.checkMessageFields(item, role: role, at: i)
            messages.append(Message(role: role, text: try Self.text(of: item["content"], param: "messages[\(i)].content"),
                                    toolCalls: try ToolCall.list(item["tool_calls"], param: "messages[\(i)].tool_calls")))
        }
        let tools = try Tool.list(body["tools"])
        try Self.checkToolChoice(body["tool_choice"], tools: tools)
        var stream = false
        switch body["stream"] {
        case nil, .null?: break
        case .bool(let value)?: stream = value
        case let other?: throw .invalidRequest("'stream' must be a boolean, not \(other.kind)", code: "invalid_type", param: "stream")
        }
        var includeUsage = false
        if case .bool(let value)? = body["stream_options"]?["include_usage"] { includeUsage = value }
        var maxTokens: Int?
        for key in ["max_completion_tokens", "max_tokens"] {
            switch body[key] {
            case nil, .null?: continue
            case .number(let value)? where value >= 1 && value <= 1_000_000 && value.rounded() == value: maxTokens = Int(value)
            case _?: throw .invalidRequest("'\(key)' must be a whole number from 1 to 1000000", code: "invalid_type", param: key)
            }
        }
        self.init(model: model, messages: messages, stream: stream, includeUsage: includeUsage, maxTokens: maxTokens, body: body)
        self.tools = tools
        self.responseSchema = responseSchema
        self.labels = labels
    }

    static func text(of content: JSONValue?, param: String) throws(GatewayError) -> String {
        try textParts(of: content, param: param).joined(separator: "\n")
    }

    /// Message content in the parts it was sent in: none when there is none, one for a string, each text part of an
    /// array; a part of another type is refused, naming the parameter of the first problem.
    static func textParts(of content: JSONValue?, param: String) throws(GatewayError) -> [String] {
        switch content {
        case nil, .null?: return []
        case .string(let text)?: return [text]
        case .array(let parts)?:
            var texts: [String] = []
            for (j, part) in parts.enumerated() {
                guard case .string(let type)? = part["type"] else {
                    throw .invalidRequest("each content part needs a 'type'", code: "invalid_type", param: "\(param)[\(j)].type")
                }
                guard type == "text" else {
                    throw .invalidRequest("content parts of type '\(type)' cannot pass the gateway: only text is scanned, and nothing unscanned is sent on",
                                          code: "unsupported_content", param: "\(param)[\(j)].type")
                }
                guard case .string(let text)? = part["text"] else {
                    throw .invalidRequest("a text part needs 'text'", code: "invalid_type", param: "\(param)[\(j)].text")
                }
                texts.append(text)
            }
            return texts
        case let other?:
            throw .invalidRequest("content must be a string or an array of parts, not \(other.kind)", code: "invalid_type", param: param)
        }
    }

    /// All text the client sends, for limits: the messages, the arguments of earlier tool calls, the tool definitions
    /// and the response schema.
    public var promptText: String {
        (messages.flatMap { [$0.text] + $0.toolCalls.map(\.arguments) } + tools.map(\.text) + (responseSchema.map { [$0] } ?? [])).joined(separator: "\n")
    }
}
