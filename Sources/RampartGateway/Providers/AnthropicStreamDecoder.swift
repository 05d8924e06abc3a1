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
    var toolBlocks = StreamedToolBlocks()

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
                    let piece = try toolBlocks.start(block: json["index"], id: json["content_block"]?["id"], name: json["content_block"]?["name"])
                    chunks.append(UpstreamChunk(text: "", toolCalls: [piece]))
                }
            case "content_block_delta":
                if case .string(let text)? = json["delta"]?["text"], !text.isEmpty { chunks.append(UpstreamChunk(text: text)) }
                if case .string("input_json_delta")? = json["delta"]?["type"], case .string(let piece)? = json["delta"]?["partial_json"] {
                    chunks.append(UpstreamChunk(text: "", toolCalls: [try toolBlocks.input(block: json["index"], piece)]))
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
