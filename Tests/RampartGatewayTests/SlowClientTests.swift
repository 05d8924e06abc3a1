import Foundation
import RampartApp
import RampartCore
import RampartGateway
import RampartTestSupport
import RampartYAML
import ServiceLifecycle
import Synchronization
import Testing

@Suite struct SlowClientTests {
    /// A client that sends part of a body and goes quiet is cut off at `client_idle_timeout_seconds`.
    @Test func aSlowDripBodyIsCutOffAtTheIdleTimeout() async throws {
        let configuration = try RampartConfiguration.load(YAMLSource(text: """
            gateway:
              client_idle_timeout_seconds: 1
              deployments: [{name: sim, kind: simulator, region: eu-west-1, model: sim}]
            """, file: "rampart.yaml"))
        var context = RampartContext(dataDirectory: "unused", logger: TestGateway.logger)
        context.configuration = configuration
        let port = Mutex<Int?>(nil)
        let app = try GatewayServer.application(context: context, client: TestGateway.client, port: 0) { channel in
            port.withLock { $0 = channel.localAddress?.port }
        }
        let group = ServiceGroup(configuration: .init(services: [app], logger: TestGateway.logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var bound: Int?
            for _ in 0..<200 where bound == nil {
                try await Task.sleep(for: .milliseconds(10))
                bound = port.withLock { $0 }
            }
            let script = OfficialClientTests.root.appendingPathComponent("Tests/clients/slow_drip.py").path
            let run = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script, String(try #require(bound))])
            let seconds = Double(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(seconds != nil, "the connection stayed open: \(run.stdout) \(run.stderr)")
            #expect((seconds ?? 99) < 3)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
