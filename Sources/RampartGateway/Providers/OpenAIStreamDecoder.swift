import Foundation
import NIOCore

/// OpenAI's streamed chat completions: server-sent events of `chat.completion.chunk` objects, ended by `[DONE]`.
struct OpenAIStreamDecoder: UpstreamStreamDecoder {
    var parser = SSEParser()
    private(set) var isComplete = false
    var endsAtCompletion: Bool { true }

    mutating func feed(_ bytes: ByteBuffer) throws -> [UpstreamChunk] {
        var chunks: [UpstreamChunk] = []
        for event in try parser.feed(bytes.readableBytesView) where !isComplete {
            if event.data == "[DONE]" {
                isComplete = true
            } else {
                chunks.append(try Self.chunk(event.data))
            }
        }
        return chunks
    }

    static func chunk(_ data: String) throws -> UpstreamChunk {
        guard let json = try? JSONValue(parsing: data.utf8), case .object = json else {
            throw UpstreamError(.malformed, "a stream event is not JSON")
        }
        if case .object(let error)? = json["error"] {
            let message = error["message"].flatMap { if case .string(let m) = $0 { m } else { nil } } ?? "an error"
            throw UpstreamError(.status, status: 502, "the upstream reported in its stream: \(message.prefix(300))")
        }
        var chunk = UpstreamChunk(text: "", usage: OpenAICompatibleProvider.usage(json["usage"]))
        if case .array(let choices)? = json["choices"], let first = choices.first {
            // One choice was asked for; another's text would be read as this one's (and scanned out of order).
            guard choices.count == 1, first["index"] == nil || first["index"] == .number(0) else {
                throw UpstreamError(.malformed, "a stream chunk carries a choice other than the first")
            }
            if case .string(let text)? = first["delta"]?["content"] { chunk.text = text }
            if case .string(let reason)? = first["finish_reason"] { chunk.finishReason = reason }
            if case .array(let pieces)? = first["delta"]?["tool_calls"] {
                for piece in pieces {
                    guard case .number(let index)? = piece["index"], index >= 0, index < 128, index.rounded() == index else {
                        throw UpstreamError(.malformed, "a streamed tool call has no valid index")
                    }
                    let string = { (value: JSONValue?) -> String? in if case .string(let text)? = value { text } else { nil } }
                    chunk.toolCalls.append(ToolCallPiece(index: Int(index), id: string(piece["id"]), name: string(piece["function"]?["name"]),
                                                         arguments: string(piece["function"]?["arguments"]) ?? ""))
                }
            }
        }
        return chunk
    }
}
