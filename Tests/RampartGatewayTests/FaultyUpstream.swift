import Foundation
import Hummingbird
import NIOCore
import RampartGateway

/// A test double: an OpenAI-compatible upstream that misbehaves on purpose, chosen by the requested model name.
/// `ok` answers properly; `status-500`, `status-429` (Retry-After: 1) and `status-400` fail so; `malformed` answers
/// 200 with a body that is not JSON; `truncated` streams two chunks and ends without [DONE]; `slow` waits 6 s
/// before answering; `stall` streams one chunk and then goes quiet for 6 s; `flaky` fails with 500 until told
/// to recover; `slowstream` sends a chunk every 100 ms for 5 s and records when its client (the gateway) goes away.
actor FaultyUpstreamState {
    private(set) var requests: [String: Int] = [:]
    private(set) var abandoned = 0
    var healthy = false

    func recordAbandoned() { abandoned += 1 }

    func record(_ model: String) { requests[model, default: 0] += 1 }
    func count(_ model: String) -> Int { requests[model] ?? 0 }
    func recover() { healthy = true }
}

enum FaultyUpstream {
    static func application(_ state: FaultyUpstreamState) -> some ApplicationProtocol {
        let router = Router()
        router.post("/v1/chat/completions") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let json = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: body))
            guard case .string(let model)? = json["model"] else { return Response(status: .badRequest) }
            let stream = json["stream"] == .bool(true)
            await state.record(model)
            switch model {
            case "status-500": return error(.internalServerError)
            case "status-429": return error(.tooManyRequests, headers: [.retryAfter: "1"])
            case "status-400": return error(.badRequest)
            case "malformed": return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "not json{")))
            case "flaky": if await !state.healthy { return error(.internalServerError) }
            case "slow": try await Task.sleep(for: .seconds(6))
            default: break
            }
            guard stream else {
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string:
                    #"{"id":"x","object":"chat.completion","created":1,"model":"\#(model)","choices":[{"index":0,"message":{"role":"assistant","content":"fine"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}"#)))
            }
            return Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { writer in
                let chunk = #"data: {"choices":[{"index":0,"delta":{"content":"part "},"finish_reason":null}]}"# + "\n\n"
                try await writer.write(ByteBuffer(string: chunk))
                switch model {
                case "slowstream":
                    do {
                        for _ in 0..<50 {
                            try await Task.sleep(for: .milliseconds(100))
                            try await writer.write(ByteBuffer(string: chunk))
                        }
                    } catch {
                        await state.recordAbandoned()
                        throw error
                    }
                    try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
                case "truncated":
                    try await writer.write(ByteBuffer(string: chunk))
                case "stall":
                    try await Task.sleep(for: .seconds(6))
                    try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
                default:
                    try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
                }
                try await writer.finish(nil)
            })
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: TestGateway.logger)
    }

    static func error(_ status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string:
            #"{"error":{"message":"on purpose","type":"server_error","code":"fault","param":null}}"#)))
    }
}
