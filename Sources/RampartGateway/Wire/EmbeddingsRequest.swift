/// Reads an OpenAI embeddings body into the pipeline's request: each input becomes a user message, so identity,
/// scanning, limits and guards treat embedding inputs exactly as they treat prompts.
enum EmbeddingsRequest {
    static let forwarded: Set<String> = ["encoding_format", "dimensions"]
    static let maximumInputs = 2048

    static func chat(_ body: JSONValue) throws(GatewayError) -> ChatRequest {
        guard case .object(let object) = body else { throw .invalidRequest("the body must be a JSON object") }
        guard case .string(let model)? = object["model"], !model.isEmpty else {
            throw .invalidRequest("'model' is required and must be a non-empty string", code: "invalid_type", param: "model")
        }
        var inputs: [String] = []
        switch object["input"] {
        case .string(let text)?: inputs = [text]
        case .array(let items)? where !items.isEmpty && items.count <= maximumInputs:
            for (i, item) in items.enumerated() {
                guard case .string(let text) = item else {
                    throw .invalidRequest("each input must be a string (token arrays are not accepted: they cannot be scanned)",
                                          code: "invalid_type", param: "input[\(i)]")
                }
                inputs.append(text)
            }
        default:
            throw .invalidRequest("'input' is a string or a non-empty array of at most \(maximumInputs) strings", code: "invalid_type", param: "input")
        }
        if let dimensions = object["dimensions"] {
            guard case .number(let value) = dimensions, value >= 1, value <= 65_536, value.rounded() == value else {
                throw .invalidRequest("'dimensions' must be a whole number from 1 to 65536", code: "invalid_type", param: "dimensions")
            }
        }
        if let format = object["encoding_format"], format != .string("float"), format != .string("base64") {
            throw .invalidRequest("'encoding_format' is float or base64", code: "invalid_type", param: "encoding_format")
        }
        let messages = inputs.map { ChatRequest.Message(role: "user", text: $0) }
        var asChat: [String: JSONValue] = [
            "model": .string(model), "messages": .array(inputs.map { .object(["role": .string("user"), "content": .string($0)]) }),
        ]
        // The end user is a label, scanned (and rewritten) like a chat's.
        if let user = object["user"] { asChat["user"] = user }
        var chat = ChatRequest(model: model, messages: messages, stream: false, includeUsage: false, maxTokens: 1, body: .object(asChat))
        chat.labels = try ChatRequest.labels(.object(asChat))
        chat.forwardedFields = object.filter { forwarded.contains($0.key) }
        return chat
    }

    /// The OpenAI embeddings answer.
    static func answer(_ embeddings: UpstreamEmbeddings) -> JSONValue {
        var object: [String: JSONValue] = [
            "object": .string("list"), "model": .string(embeddings.model),
            "data": .array(embeddings.vectors.enumerated().map { i, vector in
                .object(["object": .string("embedding"), "index": .number(Double(i)), "embedding": vector])
            }),
        ]
        if let usage = embeddings.usage {
            object["usage"] = .object(["prompt_tokens": .number(Double(usage.prompt)), "total_tokens": .number(Double(usage.prompt))])
        }
        return .object(object)
    }
}
