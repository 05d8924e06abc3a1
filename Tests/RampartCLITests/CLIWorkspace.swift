import Foundation
import RampartTestSupport

/// A temporary directory for the tests that drive the real binary: workload manifests under `workloads/`, a
/// `rampart.yaml` beside them, and the data directory; `state` are the options that point `rampart` at them.
struct CLIWorkspace {
    let directory: URL

    /// A command of the setup that failed.
    struct SetupFailed: Error, CustomStringConvertible {
        var description: String
    }

    /// Makes the directory with `manifests` (file name → YAML) under `workloads/`.
    init(manifests: [String: String]) throws {
        directory = try CLI.temporaryDirectory()
        try FileManager.default.createDirectory(at: workloads, withIntermediateDirectories: true)
        for (name, text) in manifests { try text.write(to: workloads.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    }

    var workloads: URL { directory.appendingPathComponent("workloads") }
    /// The SQLite database of the data directory.
    var database: String { directory.appendingPathComponent("data/rampart.sqlite").path }
    var state: [String] { ["--config", directory.appendingPathComponent("rampart.yaml").path, "--data-dir", directory.appendingPathComponent("data").path] }

    /// Writes `rampart.yaml`.
    func configure(_ yaml: String) throws {
        try yaml.write(to: directory.appendingPathComponent("rampart.yaml"), atomically: true, encoding: .utf8)
    }

    /// A configuration: the manifests under `workloads/`, and a gateway on a free loopback port whose one simulator
    /// deployment serves `model` for `workload`; `more` is further top-level YAML (an `audit:` section...).
    static func simulatorGateway(model: String, workload: String, more: String = "") -> String {
        """
        workloads: [./workloads]
        gateway:
          listen: 127.0.0.1:0
          deployments: [{name: sim, kind: simulator, region: eu-west-1, model: sim, first_token_delay_ms: 1, tokens_per_second: 0}]
          models: [{name: \(model), workload: \(workload), deployments: [sim]}]

        """ + more
    }

    /// Adds the application principal `app` in `acme`, granted `workload`, and returns a new API key of it.
    func application(workload: String, clearance: String? = nil) async throws -> String {
        let added = try await CLI.run(["principals", "add", "app", "--tenant", "acme", "--role", "application", "--workload", workload]
            + (clearance.map { ["--clearance", $0] } ?? []) + state)
        guard added.status == 0 else { throw SetupFailed(description: "principals add: \(added.stderr)") }
        let created = try await CLI.run(["apikeys", "create", "--principal", "app"] + state)
        guard created.status == 0, let key = created.stdout.split(separator: "\n").first.map(String.init) else {
            throw SetupFailed(description: "apikeys create: \(created.stderr)")
        }
        return key
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
