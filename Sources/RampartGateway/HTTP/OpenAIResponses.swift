import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Renders pipeline results in the OpenAI wire format.
enum OpenAIResponses {
    /// A JSON answer from a value.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        json(bytes: value.jsonBytes, status: status, headers: headers)
    }

    /// A JSON answer from its text (keys sorted, as `jsonBytes` writes them: the same answer is the same bytes).
    static func json(bytes: [UInt8], status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func error(_ error: GatewayError, requestID: String, anthropic: Bool = false) -> Response {
        var headers: HTTPFields = [:]
        headers[HTTPField.Name("x-request-id")!] = requestID
        if let retryAfter = error.retryAfter { headers[.retryAfter] = String(retryAfter) }
        if error.status == 401 { headers[.wwwAuthenticate] = "Bearer" }
        return json(anthropic ? AnthropicMessages.error(error) : error.body, status: HTTPResponse.Status(code: error.status), headers: headers)
    }

    static func usage(_ usage: TokenUsage) -> JSONValue {
        .object(["prompt_tokens": .number(Double(usage.prompt)), "completion_tokens": .number(Double(usage.completion)),
                 "total_tokens": .number(Double(usage.total))])
    }

    static func completion(_ completion: UpstreamCompletion, call: ModelCall, created: Int) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string("chatcmpl-\(call.requestID)"), "object": .string("chat.completion"),
            "created": .number(Double(created)), "model": .string(completion.model),
            "choices": .array([.object([
                "index": .number(0),
                "message": message(completion),
                "finish_reason": .string(completion.finishReason),
            ])]),
        ]
        if let usage = completion.usage { object["usage"] = Self.usage(usage) }
        return .object(object)
    }

    /// The answer's message: its text (null when it only calls tools, as OpenAI sends it) and its tool calls.
    static func message(_ completion: UpstreamCompletion) -> JSONValue {
        guard !completion.toolCalls.isEmpty else { return .object(["role": .string("assistant"), "content": .string(completion.text)]) }
        return .object(["role": .string("assistant"), "content": completion.text.isEmpty ? .null : .string(completion.text),
                        "tool_calls": .array(completion.toolCalls.map(\.json))])
    }

    /// A stream delta carrying tool calls: whole after output scanning; as the upstream's pieces without it (the id,
    /// type and name only where a call starts, as OpenAI sends them).
    static func toolCallDelta(_ pieces: [ToolCallPiece]) -> JSONValue {
        .object(["tool_calls": .array(pieces.map { piece in
            var function: [String: JSONValue] = ["arguments": .string(piece.arguments)]
            if let name = piece.name { function["name"] = .string(name) }
            var delta: [String: JSONValue] = ["index": .number(Double(piece.index)), "function": .object(function)]
            if let id = piece.id {
                delta["id"] = .string(id)
                delta["type"] = .string("function")
            }
            return .object(delta)
        })])
    }

    static func chunk(id: String, model: String, created: Int, delta: JSONValue, finishReason: String?) -> JSONValue {
        .object([
            "id": .string(id), "object": .string("chat.completion.chunk"), "created": .number(Double(created)),
            "model": .string(model),
            "choices": .array([.object(["index": .number(0), "delta": delta, "finish_reason": finishReason.map(JSONValue.string) ?? .null])]),
        ])
    }

    static func event(_ value: JSONValue, name: String? = nil) -> ByteBuffer {
        var buffer = ByteBuffer(string: name.map { "event: \($0)\n" } ?? "")
        buffer.writeString("data: ")
        buffer.writeBytes(value.jsonBytes)
        buffer.writeString("\n\n")
        return buffer
    }

    /// The model name an answer reports: the simulator says it is one.
    static func modelName(_ deployment: Deployment) -> String {
        deployment.provider == "simulator" ? "rampart-simulator/\(deployment.upstreamModel)" : deployment.upstreamModel
    }

    /// How a relayed stream ended: finished (with its finish reason and usage), or broken after its first byte.
    enum RelayEnd {
        case finished(finishReason: String?, usage: TokenUsage?)
        case broken(GatewayError)
    }

    /// Hands each piece of an upstream stream that carries text or tool calls to `write`, and says how the stream
    /// ended. Errors from `write` (the client went away) propagate; a broken upstream is counted against its
    /// deployment.
    static func relay(
        _ upstream: AsyncThrowingStream<UpstreamChunk, any Error>, deployment: Deployment, metrics: GatewayMetrics,
        breakers: CircuitBreakers, write: (UpstreamChunk) async throws -> Void
    ) async throws -> RelayEnd {
        var usage: TokenUsage?
        var finish: String?
        var iterator = upstream.makeAsyncIterator()
        while true {
            let piece: UpstreamChunk?
            do {
                piece = try await iterator.next()
            } catch {
                return .broken(await streamBroke(error, deployment: deployment, metrics: metrics, breakers: breakers))
            }
            guard let piece else { break }
            if let reported = piece.usage { usage = reported }
            if let reason = piece.finishReason { finish = reason }
            if !piece.text.isEmpty || !piece.toolCalls.isEmpty { try await write(piece) }
        }
        if let usage { metrics.tokens(usage, deployment: deployment.name) }
        return .finished(finishReason: finish, usage: usage)
    }

    /// Counts a stream that broke after its first byte against its deployment, and says what the client is told.
    static func streamBroke(_ error: any Error, deployment: Deployment, metrics: GatewayMetrics, breakers: CircuitBreakers) async -> GatewayError {
        // The gateway ended the stream itself (output scanning withheld it): not the deployment's failure.
        if let refusal = error as? GatewayError { return refusal }
        metrics.upstreamError(deployment: deployment.name, kind: (error as? UpstreamError)?.kind ?? .connect)
        await breakers.recordFailure(deployment.name)
        return GatewayError(status: 502, type: "upstream_error", code: "upstream_stream_broken",
                            message: "the upstream stream broke before it finished")
    }

    /// The server-sent-events body of a streamed chat completion. A failure after the first byte ends the stream
    /// with an error event and without `[DONE]`, so clients can tell a cut stream from a finished one.
    static func stream(
        _ upstream: AsyncThrowingStream<UpstreamChunk, any Error>, call: ModelCall, deployment: Deployment, created: Int,
        metrics: GatewayMetrics, breakers: CircuitBreakers
    ) -> ResponseBody {
        let id = "chatcmpl-\(call.requestID)"
        let model = modelName(deployment)
        let includeUsage = call.chat.includeUsage
        return ResponseBody { writer in
            try await writer.write(event(chunk(id: id, model: model, created: created,
                                               delta: .object(["role": .string("assistant"), "content": .string("")]), finishReason: nil)))
            let end = try await relay(upstream, deployment: deployment, metrics: metrics, breakers: breakers) { piece in
                if !piece.text.isEmpty {
                    try await writer.write(event(chunk(id: id, model: model, created: created,
                                                       delta: .object(["content": .string(piece.text)]), finishReason: nil)))
                }
                if !piece.toolCalls.isEmpty {
                    try await writer.write(event(chunk(id: id, model: model, created: created, delta: toolCallDelta(piece.toolCalls), finishReason: nil)))
                }
            }
            switch end {
            case .broken(let failure):
                call.trail.update { $0.streamFailure = failure.code }
                try await writer.write(event(failure.body))
            case .finished(let finish, let usage):
                try await writer.write(event(chunk(id: id, model: model, created: created, delta: .object([:]), finishReason: finish ?? "stop")))
                if includeUsage, let usage {
                    try await writer.write(event(.object([
                        "id": .string(id), "object": .string("chat.completion.chunk"), "created": .number(Double(created)),
                        "model": .string(model), "choices": .array([]), "usage": Self.usage(usage),
                    ])))
                }
                try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
            }
            try await writer.finish(nil)
        }
    }
}

/// Renders a streamed completion as Anthropic's typed server-sent events.
enum AnthropicStream {
    /// An event named by its type, as Anthropic sends them.
    static func typed(_ value: JSONValue) -> ByteBuffer {
        guard case .string(let type)? = value["type"] else { return OpenAIResponses.event(value) }
        return OpenAIResponses.event(value, name: type)
    }

    static func body(
        _ upstream: AsyncThrowingStream<UpstreamChunk, any Error>, call: ModelCall, deployment: Deployment,
        metrics: GatewayMetrics, breakers: CircuitBreakers
    ) -> ResponseBody {
        let model = OpenAIResponses.modelName(deployment)
        return ResponseBody { writer in
            try await writer.write(typed(.object(["type": .string("message_start"), "message": .object([
                "id": .string("msg_\(call.requestID)"), "type": .string("message"), "role": .string("assistant"),
                "model": .string(model), "content": .array([]), "stop_reason": .null, "stop_sequence": .null,
                "usage": .object(["input_tokens": .number(Double(TokenEstimate.tokens(in: call.chat.promptText))), "output_tokens": .number(0)]),
            ])])))
            var blocks = AnthropicStreamBlocks()
            for block in blocks.start() { try await writer.write(typed(block)) }
            let end = try await OpenAIResponses.relay(upstream, deployment: deployment, metrics: metrics, breakers: breakers) { piece in
                for block in blocks.events(for: piece) { try await writer.write(typed(block)) }
            }
            switch end {
            case .broken(let failure):
                call.trail.update { $0.streamFailure = failure.code }
                try await writer.write(typed(AnthropicMessages.error(failure)))
            case .finished(let finish, let usage):
                for block in blocks.finish() { try await writer.write(typed(block)) }
                try await writer.write(typed(.object([
                    "type": .string("message_delta"),
                    "delta": .object(["stop_reason": .string(AnthropicMessages.stopReason(finish)), "stop_sequence": .null]),
                    "usage": .object(["output_tokens": .number(Double(usage?.completion ?? 0))]),
                ])))
                try await writer.write(typed(.object(["type": .string("message_stop")])))
            }
            try await writer.finish(nil)
        }
    }
}
