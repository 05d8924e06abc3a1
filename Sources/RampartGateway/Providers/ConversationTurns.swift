/// A chat as Anthropic and Bedrock take it: the system and developer messages apart, and the rest as turns that
/// alternate between `user` (user, tool and function messages) and `assistant`, consecutive messages of one role
/// merged into one turn. What a message adds to its turn is the caller's choice (its text, or content blocks); a
/// message that adds nothing is dropped, as are empty system messages.
struct ConversationTurns<Content> {
    struct Turn {
        var role: String
        var contents: [Content]
    }

    var system: [String] = []
    var turns: [Turn] = []
    /// `stop` as a list, when the client sent one.
    var stopSequences: [JSONValue]?

    /// `contents` gives what the message at an index adds to its turn.
    init(_ chat: ChatRequest, contents: (Int, ChatRequest.Message) throws -> [Content]) rethrows {
        for (i, message) in chat.messages.enumerated() {
            switch message.role {
            case "system", "developer":
                if !message.text.isEmpty { system.append(message.text) }
            default:
                let added = try contents(i, message)
                guard !added.isEmpty else { continue }
                let role = message.role == "assistant" ? "assistant" : "user"
                if turns.last?.role == role { turns[turns.count - 1].contents += added } else { turns.append(Turn(role: role, contents: added)) }
            }
        }
        switch chat.body["stop"] {
        case .string(let stop)?: stopSequences = [.string(stop)]
        case .array(let stops)?: stopSequences = stops
        default: break
        }
    }
}

extension ConversationTurns where Content == String {
    /// The turns of the messages' texts (empty messages dropped).
    init(_ chat: ChatRequest) {
        self.init(chat) { _, message in message.text.isEmpty ? [] : [message.text] }
    }
}
