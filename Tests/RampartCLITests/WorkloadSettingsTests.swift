import Foundation
import RampartTestSupport
import Testing

/// The settings that name workloads, end to end through `rampart serve`. `gateway.detection.workload_image_hosts`:
/// two workloads on the same leaky upstream double, whose answer to "the quarterly chart" is an image on
/// attacker.example (its address carries the first words the upstream was sent: no canary then, which would
/// withhold the whole answer). The workload whose own
/// list has that host gets the image; the other reads the gateway's list (empty) and gets it replaced. A workload
/// that no manifest names, in this list or in any other setting that names workloads (injection thresholds, an
/// external guard's workloads), stops the gateway from starting, with the key path: misspelt, the setting would
/// silently not apply.
@Suite struct WorkloadSettingsTests {
    static func configuration(echoPort: String, hosts: String, more: String = "") -> String {
        """
        workloads: [./workloads]
        gateway:
          listen: 127.0.0.1:0
          deployments:
            - {name: echo, kind: openai-compatible, provider: echo, region: eu-west-1, model: echo, base_url: "http://127.0.0.1:\(echoPort)/v1", allow_private_network: true}
          models:
            - {name: charts-bot, workload: charts, deployments: [echo]}
            - {name: notes-bot, workload: notes, deployments: [echo]}
          detection:
            canaries: false
            image_hosts: []
            workload_image_hosts: {\(hosts)}
        \(more)
        """
    }

    static func workspace() throws -> CLIWorkspace {
        try CLIWorkspace(manifests: [
            "charts.yaml": DetectionCoverageTests.manifest("charts", provider: "echo"),
            "notes.yaml": DetectionCoverageTests.manifest("notes", provider: "echo"),
        ])
    }

    @Test func eachWorkloadReadsImagesAgainstItsOwnList() async throws {
        let workspace = try Self.workspace()
        defer { workspace.remove() }
        let echo = try await TestPython.start("echo_upstream.py")
        defer { echo.stop() }
        try workspace.configure(Self.configuration(echoPort: echo.firstLine, hosts: "charts: [attacker.example]"))
        let added = try await CLI.run(["principals", "add", "app", "--tenant", "acme", "--role", "application", "--workload", "charts",
                                       "--workload", "notes"] + workspace.state)
        #expect(added.status == 0, "\(added.stderr)")
        let created = try await CLI.run(["apikeys", "create", "--principal", "app"] + workspace.state)
        let key = try #require(created.stdout.split(separator: "\n").first.map(String.init))
        let gateway = try await ServedGateway.start(workspace)
        defer { gateway.stop() }

        let own = try await gateway.chat(key, "Please draw the quarterly chart", model: "charts-bot")
        #expect(own.status == 200, "\(own.body)")
        #expect(own.body.contains("https://attacker.example/c.png"), "\(own.body)")
        #expect(!own.body.contains("EXTERNAL_IMAGE"), "\(own.body)")

        let other = try await gateway.chat(key, "Please draw the quarterly chart", model: "notes-bot")
        #expect(other.status == 200, "\(other.body)")
        #expect(other.body.contains("[EXTERNAL_IMAGE]"), "\(other.body)")
        #expect(!other.body.contains("attacker.example"), "\(other.body)")
    }

    /// Each setting that names a workload, misspelt: the gateway does not start, and says where.
    @Test(arguments: [
        ("chrts: [attacker.example]", "", "gateway.detection.workload_image_hosts.chrts"),
        ("", "    injection_thresholds: {chrts: 0.5}\n", "gateway.detection.injection_thresholds.chrts"),
        ("", "  guards: [{name: g, url: \"https://guard.example.com/check\", failure: closed, workloads: [charts, chrts]}]\n",
         "gateway.guards[0].workloads[1]"),
    ])
    func aWorkloadNoManifestNamesStopsTheGateway(hosts: String, more: String, keyPath: String) async throws {
        let workspace = try Self.workspace()
        defer { workspace.remove() }
        // Nothing listens on the upstream's port: the gateway stops before it would call it.
        try workspace.configure(Self.configuration(echoPort: "9", hosts: hosts, more: more))
        let refused = try await CLI.run(["serve"] + workspace.state)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains(keyPath), "\(refused.stderr)")
        #expect(refused.stderr.contains("no workload manifest is named 'chrts'"), "\(refused.stderr)")
    }
}
