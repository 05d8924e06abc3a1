import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import RampartGateway
import RampartApp
import Testing

@Suite struct ShutdownTests {
    /// A graceful shutdown (what SIGTERM triggers in `rampart serve`) lets a stream already in flight finish.
    @Test func gracefulShutdownDrainsAnInFlightStream() async throws {
        let slow = Deployment(name: "slow-sim", provider: "simulator", region: "eu-west-1", upstreamModel: "sim",
                              endpoint: .simulator(SimulatorSettings(firstTokenDelay: .milliseconds(50), tokensPerSecond: 20)))
        let pipeline = try TestGateway.pipeline([slow])
        try await RunningServer.with({ onServerRunning in
            Application(router: GatewayRouter.make(pipeline: pipeline), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                        onServerRunning: onServerRunning, logger: TestGateway.logger)
        }, logger: TestGateway.logger) { port, group in
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/chat/completions")
            request.headers.add(name: "authorization", value: "Bearer \(TestGateway.apiKey)")
            request.method = .POST
            request.body = .bytes(TestGateway.chat(stream: true))
            let response = try await TestGateway.client.execute(request, timeout: .seconds(10))
            #expect(response.status == .ok)
            await group.triggerGracefulShutdown()  // about 1 s of stream still to come
            let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
            #expect(TestGateway.events(body).last == "[DONE]")
        }
    }
}
