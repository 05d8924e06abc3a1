import Hummingbird
import HummingbirdTesting
import NIOCore
@testable import RampartGateway
import Testing

/// A request's handler, and a stream's relay after the handler has returned, run on the connection's event loop;
/// without `EventLoopAffinity` both run on Swift's cooperative pool and these answers say "false".
@Suite struct EventLoopAffinityTests {
    static func application() -> some ApplicationProtocol {
        let router = Router(context: GatewayContext.self)
        router.middlewares.add(EventLoopAffinity())
        router.get("/handler") { _, context in
            "\(context.channel.eventLoop.inEventLoop)"
        }
        router.get("/stream") { _, context in
            let loop = context.channel.eventLoop
            return Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { writer in
                // After an await, as a relay writes after each upstream chunk.
                try await Task.sleep(for: .milliseconds(1))
                try await writer.write(ByteBuffer(string: "data: \(loop.inEventLoop)\n\n"))
                try await writer.finish(nil)
            })
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: TestGateway.logger)
    }

    @Test func theHandlerAndTheStreamRunOnTheConnectionsEventLoop() async throws {
        try await Self.application().test(.live) { client in
            for _ in 0..<3 {
                let handler = try await client.execute(uri: "/handler", method: .get)
                #expect(String(buffer: handler.body) == "true")
                let stream = try await client.execute(uri: "/stream", method: .get)
                #expect(String(buffer: stream.body) == "data: true\n\n")
            }
        }
    }
}
