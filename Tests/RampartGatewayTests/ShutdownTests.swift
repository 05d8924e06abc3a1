import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import RampartGateway
import ServiceLifecycle
import Synchronization
import Testing

@Suite struct ShutdownTests {
    /// A graceful shutdown (what SIGTERM triggers in `rampart serve`) lets a stream already in flight finish.
    @Test func gracefulShutdownDrainsAnInFlightStream() async throws {
        let slow = Deployment(name: "slow-sim", provider: "simulator", region: "eu-west-1", upstreamModel: "sim",
                              endpoint: .simulator(SimulatorSettings(firstTokenDelay: .milliseconds(50), tokensPerSecond: 20)))
        let port = Mutex<Int?>(nil)
        let app = Application(
            router: GatewayRouter.make(pipeline: try TestGateway.pipeline([slow])),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in port.withLock { $0 = channel.localAddress?.port } },
            logger: TestGateway.logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: TestGateway.logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var bound: Int?
            for _ in 0..<200 where bound == nil {
                try await Task.sleep(for: .milliseconds(10))
                bound = port.withLock { $0 }
            }
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(try #require(bound))/v1/chat/completions")
            request.method = .POST
            request.body = .bytes(TestGateway.chat(stream: true))
            let response = try await TestGateway.client.execute(request, timeout: .seconds(10))
            #expect(response.status == .ok)
            await group.triggerGracefulShutdown()  // about 1 s of stream still to come
            let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
            #expect(TestGateway.events(body).last == "[DONE]")
            try await tasks.waitForAll()
        }
    }
}
