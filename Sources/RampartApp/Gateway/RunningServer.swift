public import Hummingbird
public import Logging
public import NIOCore
public import ServiceLifecycle
import Synchronization

/// Runs an application on a port the system picks, for the demo and tests: builds it with a callback that learns
/// the port, waits until it listens, hands the port to `body`, then shuts it down gracefully (also when `body`
/// throws).
public enum RunningServer {
    /// The application did not start listening within two seconds.
    public struct DidNotStart: Error {}

    public static func with<App: ApplicationProtocol>(
        _ makeApplication: (_ onServerRunning: @escaping @Sendable (any Channel) async -> Void) async throws -> App,
        logger: Logger,
        _ body: (_ port: Int, _ group: ServiceGroup) async throws -> Void
    ) async throws {
        let port = Mutex<Int?>(nil)
        let app = try await makeApplication { channel in port.withLock { $0 = channel.localAddress?.port } }
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                var bound: Int?
                for _ in 0..<200 where bound == nil {
                    try await Task.sleep(for: .milliseconds(10))
                    bound = port.withLock { $0 }
                }
                guard let bound else { throw DidNotStart() }
                try await body(bound, group)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
