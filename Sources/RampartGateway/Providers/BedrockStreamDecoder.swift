import Foundation
import NIOCore
import RampartAWS

/// ConverseStream's answer: event-stream messages (`messageStart`, `contentBlockStart` for a `toolUse` block's id and
/// name, `contentBlockDelta` with text or a piece of a tool's input, `contentBlockStop`, `messageStop`, then
/// `metadata` with the usage), or an exception message.
struct BedrockStreamDecoder: UpstreamStreamDecoder {
    var framing = EventStreamDecoder()
    private(set) var isComplete = false
    var toolBlocks = StreamedToolBlocks()
    /// The usage arrives after `messageStop`, so the relay reads to the end of the body.
    var endsAtCompletion: Bool { false }

    mutating func feed(_ bytes: ByteBuffer) throws -> [UpstreamChunk] {
        let messages: [EventStreamMessage]
        do {
            messages = try framing.feed(bytes.readableBytesView)
        } catch {
            throw EventStreamFault(detail: "ConverseStream framing: \(error)")
        }
        var chunks: [UpstreamChunk] = []
        for message in messages {
            let json = try? JSONValue(parsing: message.payload)
            switch message.string(":message-type") {
            case "event":
                switch message.string(":event-type") {
                case "contentBlockStart":
                    if let use = json?["start"]?["toolUse"] {
                        let piece = try toolBlocks.start(block: json?["contentBlockIndex"], id: use["toolUseId"], name: use["name"])
                        chunks.append(UpstreamChunk(text: "", toolCalls: [piece]))
                    }
                case "contentBlockDelta":
                    if case .string(let text)? = json?["delta"]?["text"], !text.isEmpty { chunks.append(UpstreamChunk(text: text)) }
                    if case .string(let piece)? = json?["delta"]?["toolUse"]?["input"] {
                        chunks.append(UpstreamChunk(text: "", toolCalls: [try toolBlocks.input(block: json?["contentBlockIndex"], piece)]))
                    }
                case "messageStop":
                    var reason = "stop"
                    if case .string(let stop)? = json?["stopReason"] { reason = BedrockConverse.finishReason(stop) }
                    chunks.append(UpstreamChunk(text: "", finishReason: reason))
                    isComplete = true
                case "metadata":
                    if let usage = BedrockConverse.usage(json?["usage"]) { chunks.append(UpstreamChunk(text: "", usage: usage)) }
                default:
                    break
                }
            case "exception", "error":
                let type = message.string(":exception-type") ?? message.string(":error-code") ?? "exception"
                var detail = type
                if case .string(let text)? = json?["message"] { detail += ": \(text.prefix(300))" }
                throw UpstreamError(.status, status: BedrockConverse.status(ofException: type), "Bedrock reported in its stream \(detail)")
            default:
                throw EventStreamFault(detail: "a ConverseStream message without a known :message-type")
            }
        }
        return chunks
    }
}
