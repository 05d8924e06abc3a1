import Foundation
import NIOCore

/// Anthropic's streamed messages: server-sent events `message_start` (input tokens), `content_block_start` (a
/// `tool_use` block's id and name), `content_block_delta` (`text_delta`, `input_json_delta`), `message_delta` (stop
/// reason, output tokens), `message_stop`, with `ping` and `error` events.
struct AnthropicStreamDecoder: UpstreamStreamDecoder {
    var parser = SSEParser()
    private(set) var isComplete = false
    var endsAtCompletion: Bool { true }
    var inputTokens = 0
    /// The tool call each `tool_use` content block is, by block index (calls are numbered from 0 in their order).
    var toolCallOfBlock: [Int: Int] = [:]

    /// How many tool calls one answer may make (as many as OpenAI's streamed indexes are read).
    static let maximumToolCalls = 128

    /// A content block's index: a whole number the upstream sent, within what an answer holds (never trusted to fit).
    static func blockIndex(_ value: JSONValue?) -> Int? {
        guard case .number(let number)? = value, let index = Int(exactly: number), (0..<4096).contains(index) else { return nil }
        return index
    }

    mutating func feed(_ bytes: ByteBuffer) throws -> [UpstreamChunk] {
        var chunks: [UpstreamChunk] = []
        for event in try parser.feed(bytes.readableBytesView) where !isComplete {
            guard let json = try? JSONValue(parsing: event.data.utf8), case .string(let type)? = json["type"] else {
                throw UpstreamError(.malformed, "a stream event is not an Anthropic event")
            }
            switch type {
            case "message_start":
                if let input = json["message"]?["usage"]?["input_tokens"]?.count { inputTokens = input }
            case "content_block_start":
                if case .string("tool_use")? = json["content_block"]?["type"] {
                    guard let block = Self.blockIndex(json["index"]), toolCallOfBlock.count < Self.maximumToolCalls,
                          case .string(let id)? = json["content_block"]?["id"], case .string(let name)? = json["content_block"]?["name"]
                    else { throw UpstreamError(.malformed, "a streamed tool_use block without a valid index, id or name, or too many") }
                    let call = toolCallOfBlock.count
                    toolCallOfBlock[block] = call
                    chunks.append(UpstreamChunk(text: "", toolCalls: [ToolCallPiece(index: call, id: id, name: name)]))
                }
            case "content_block_delta":
                if case .string(let text)? = json["delta"]?["text"], !text.isEmpty { chunks.append(UpstreamChunk(text: text)) }
                if case .string("input_json_delta")? = json["delta"]?["type"], case .string(let piece)? = json["delta"]?["partial_json"] {
                    guard let block = Self.blockIndex(json["index"]), let call = toolCallOfBlock[block] else {
                        throw UpstreamError(.malformed, "a streamed tool input belongs to no tool_use block")
                    }
                    chunks.append(UpstreamChunk(text: "", toolCalls: [ToolCallPiece(index: call, arguments: piece)]))
                }
            case "message_delta":
                var chunk = UpstreamChunk(text: "")
                if case .string(let reason)? = json["delta"]?["stop_reason"] { chunk.finishReason = AnthropicMessagesTranslation.finishReason(reason) }
                if let output = json["usage"]?["output_tokens"]?.count { chunk.usage = TokenUsage(prompt: inputTokens, completion: output) }
                chunks.append(chunk)
            case "message_stop":
                isComplete = true
            case "error":
                var kind = "error", message = ""
                if case .string(let value)? = json["error"]?["type"] { kind = value }
                if case .string(let value)? = json["error"]?["message"] { message = value }
                throw UpstreamError(.status, status: AnthropicMessagesTranslation.status(ofError: kind),
                                    "Anthropic reported in its stream \(kind): \(message.prefix(300))")
            default:
                break  // ping, content_block_stop, and event types added later
            }
        }
        return chunks
    }
}
