/// The content blocks of an answer streamed in Anthropic's events: text goes in a text block, each tool call in a
/// `tool_use` block of its own (started with its id and name, then its arguments as `input_json_delta` pieces),
/// blocks numbered in order, each stopped before the next starts. Returns the events to send for each piece. Pure.
struct AnthropicStreamBlocks {
    private enum Open {
        case none
        case text
        case tool(call: Int)
    }

    private var open = Open.none
    private var nextBlock = 0
    /// The block each tool call was given, by the call's index in the answer.
    private var blockOfCall: [Int: Int] = [:]

    /// The events that open the answer: an empty text block, as Anthropic starts its own answers.
    mutating func start() -> [JSONValue] { startText() }

    /// The events for one piece of the answer.
    mutating func events(for piece: UpstreamChunk) -> [JSONValue] {
        var events: [JSONValue] = []
        if !piece.text.isEmpty {
            if case .text = open {} else { events += stop() + startText() }
            events.append(Self.delta(block: nextBlock - 1, ["type": .string("text_delta"), "text": .string(piece.text)]))
        }
        for call in piece.toolCalls {
            if let id = call.id, blockOfCall[call.index] == nil {
                events += stop()
                blockOfCall[call.index] = nextBlock
                events.append(.object(["type": .string("content_block_start"), "index": .number(Double(nextBlock)), "content_block": .object([
                    "type": .string("tool_use"), "id": .string(id), "name": .string(call.name ?? ""), "input": .object([:]),
                ])]))
                open = .tool(call: call.index)
                nextBlock += 1
            }
            // After output scanning each call arrives whole, in one piece; raw pieces go to the block of their call.
            guard !call.arguments.isEmpty, let block = blockOfCall[call.index] else { continue }
            events.append(Self.delta(block: block, ["type": .string("input_json_delta"), "partial_json": .string(call.arguments)]))
        }
        return events
    }

    /// The events that close the open block, when the answer ends.
    mutating func finish() -> [JSONValue] { stop() }

    private mutating func startText() -> [JSONValue] {
        open = .text
        nextBlock += 1
        return [.object(["type": .string("content_block_start"), "index": .number(Double(nextBlock - 1)),
                         "content_block": .object(["type": .string("text"), "text": .string("")])])]
    }

    private mutating func stop() -> [JSONValue] {
        if case .none = open { return [] }
        open = .none
        return [.object(["type": .string("content_block_stop"), "index": .number(Double(nextBlock - 1))])]
    }

    private static func delta(block: Int, _ delta: [String: JSONValue]) -> JSONValue {
        .object(["type": .string("content_block_delta"), "index": .number(Double(block)), "delta": .object(delta)])
    }
}
