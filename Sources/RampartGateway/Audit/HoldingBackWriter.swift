import HTTPTypes
import Hummingbird
import NIOCore

/// Passes a streamed body through but holds its last piece back until `beforeLast` has run: the record of the
/// call is durable before the client sees the end of the answer (`[DONE]`, `message_stop`). If `beforeLast`
/// answers a replacement (the record failed), that goes out instead of the held piece.
struct HoldingBackWriter: ResponseBodyWriter {
    var parent: any ResponseBodyWriter
    var held: ByteBuffer?
    let beforeLast: @Sendable () async -> ByteBuffer?

    mutating func write(_ buffer: ByteBuffer) async throws {
        if let held { try await parent.write(held) }
        held = buffer
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        if let replacement = await beforeLast() {
            try await parent.write(replacement)
        } else if let held {
            try await parent.write(held)
        }
        try await parent.finish(trailingHeaders)
    }
}
