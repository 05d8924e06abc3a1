import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import RampartGateway

/// The floor under Rampart's gateway: the same server (Hummingbird 2) and upstream client (AsyncHTTPClient, made by
/// Rampart's `UpstreamClient`) with nothing between them. `POST /v1/chat/completions` forwards the body to the
/// upstream and returns its answer; `POST /echo` answers at once with a fixed chat completion. What this serves per
/// second on one core is the most Rampart's gateway could serve on that stack, whatever its own work cost;
/// `Benchmarks/gateway/floor.sh` measures it beside nginx and Rampart in one run.
///
///     gateway-floor PORT UPSTREAM_BASE_URL
@main
struct GatewayFloor {
    static let usage = "usage: gateway-floor PORT UPSTREAM_BASE_URL (for example 18092 http://127.0.0.1:18601)"

    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 3, let port = Int(arguments[1]), URL(string: arguments[2]) != nil else {
            FileHandle.standardError.write(Data((usage + "\n").utf8))
            exit(2)
        }
        let upstream = arguments[2] + "/chat/completions"
        // Rampart's own upstream client, as the gateway makes it.
        let client = try UpstreamClient.make()

        let fixed = ByteBuffer(string: #"{"id":"floor","object":"chat.completion","created":0,"model":"fake-gpt","choices":[{"index":0,"message":{"role":"assistant","content":"Hello."},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}"#)
        let router = Router()
        router.post("/echo") { request, _ -> Response in
            _ = try await request.body.collect(upTo: 4 << 20)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: fixed))
        }
        router.post("/v1/chat/completions") { request, _ -> Response in
            var forwarded = HTTPClientRequest(url: upstream)
            forwarded.method = .POST
            forwarded.headers.add(name: "content-type", value: "application/json")
            forwarded.body = .bytes(try await request.body.collect(upTo: 4 << 20))
            let answer = try await client.execute(forwarded, timeout: .seconds(120))
            let body = try await answer.body.collect(upTo: 16 << 20)
            return Response(status: .init(code: Int(answer.status.code)), headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: body))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
        try await app.runService()
        try await client.shutdown()
    }
}
