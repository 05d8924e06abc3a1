/// A chat as Anthropic and Bedrock take it: the system and developer messages apart, and the rest as turns that
/// alternate between `user` (user, tool and function messages) and `assistant`, consecutive messages of one role
/// merged into one turn. Empty messages are dropped.
struct ConversationTurns {
    struct Turn {
        var role: String
        var texts: [String]
    }

    var system: [String] = []
    var turns: [Turn] = []
    /// `stop` as a list, when the client sent one.
    var stopSequences: [JSONValue]?

    init(_ chat: ChatRequest) {
        for message in chat.messages where !message.text.isEmpty {
            switch message.role {
            case "system", "developer": system.append(message.text)
            default:
                let role = message.role == "assistant" ? "assistant" : "user"
                if turns.last?.role == role { turns[turns.count - 1].texts.append(message.text) } else { turns.append(Turn(role: role, texts: [message.text])) }
            }
        }
        switch chat.body["stop"] {
        case .string(let stop)?: stopSequences = [.string(stop)]
        case .array(let stops)?: stopSequences = stops
        default: break
        }
    }
}
