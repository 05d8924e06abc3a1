import Foundation
import RampartApp
import RampartCore
import RampartIdentity
import RampartPolicy
import RampartStorage
import RampartYAML

/// The whole gateway as `rampart serve` builds it, on a fresh SQLite data directory, with one application
/// principal and a real API key for it.
enum TestServer {
    static func with(
        yaml: String, principal: Principal = Principal(id: "app", tenant: "test", kind: .application, roles: ["application"]),
        _ body: (_ port: Int, _ key: String) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-gw-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var context = RampartContext(dataDirectory: directory.path, logger: TestGateway.logger)
        context.configuration = try RampartConfiguration.load(YAMLSource(text: yaml, file: "rampart.yaml"))
        try await context.withStorage { database in
            let (principals, keys, _) = try IdentityCommands.stores(context: context, database: database)
            try await principals.create(principal)
            let (key, _) = try await keys.create(for: principal.id, name: "test")
            try await RunningServer.with({
                try await GatewayServer.application(context: context, database: database, client: TestGateway.client, pins: TestGateway.pins, port: 0, onServerRunning: $0)
            }, logger: TestGateway.logger) { port, _ in try await body(port, key) }
        }
    }
}

import RampartYAML

/// Loads a configuration text as `rampart.yaml` (for tests of configuration errors in the gateway suite).
enum RampartConfigurationProbe {
    static func load(_ text: String) throws(InputErrors) -> RampartConfiguration {
        try RampartConfiguration.load(YAMLSource(text: text, file: "rampart.yaml"))
    }
}
