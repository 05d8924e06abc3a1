public import AsyncHTTPClient
public import Hummingbird
import Logging
public import RampartCore
public import RampartGateway
import RampartMatrix
import NIOCore
import ServiceLifecycle

/// `rampart serve`: the gateway as a service, with graceful shutdown on SIGTERM and SIGINT.
public enum GatewayServer {
    /// Loads the manifests the configuration names and builds the application (not yet running).
    public static func application(
        context: RampartContext, client: HTTPClient, metrics: GatewayMetrics = GatewayMetrics(), port: Int? = nil,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) throws(InputErrors) -> some ApplicationProtocol {
        let settings = context.configuration.gateway
        let workloads: [LoadedWorkload]
        if context.configuration.workloads.isEmpty {
            workloads = []
        } else {
            let catalog = try ControlCatalog.bundled()
            workloads = try ManifestLoader(catalog: catalog, clock: context.clock).load(paths: context.configuration.workloads)
        }
        let pipeline = try GatewayAssembly.pipeline(
            settings: settings, workloads: workloads, environment: context.environment, client: client, metrics: metrics,
            logger: context.logger)
        let router = GatewayRouter.make(pipeline: pipeline, limits: HTTPLimits(maximumBodyBytes: settings.maximumBodyBytes))
        return Application(
            router: router,
            configuration: .init(address: .hostname(settings.listen.host, port: port ?? settings.listen.port), serverName: "rampart"),
            onServerRunning: onServerRunning,
            logger: context.logger)
    }

    /// Runs until a signal asks it to stop, then drains and closes the upstream client.
    public static func run(context: RampartContext) async throws {
        let client = GatewayAssembly.makeClient()
        do {
            let app = try application(context: context, client: client)
            let group = ServiceGroup(configuration: .init(
                services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: context.logger))
            try await group.run()
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }
}
