import Foundation
import RampartApp
import RampartCore
import RampartGateway
import RampartTestSupport
import RampartYAML
import Testing

@Suite struct SlowClientTests {
    /// A client that sends part of a body and goes quiet is cut off at `client_idle_timeout_seconds`: after the
    /// configured second (not refused at once), and long before the 30-second default (the script gives up at 10 s and
    /// prints "open"). The upper bound was 3 s, which a fresh-clone CI run on two busy cores missed (3.15 s): the
    /// test shows which timeout applied, not how punctually a loaded machine fires it.
    @Test func aSlowDripBodyIsCutOffAtTheIdleTimeout() async throws {
        let yaml = """
            gateway:
              client_idle_timeout_seconds: 1
              deployments: [{name: sim, kind: simulator, region: eu-west-1, model: sim}]
            """
        try await TestServer.with(yaml: yaml) { port, key in
            let run = try await TestPython.run("slow_drip.py", [String(port), key])
            let seconds = Double(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(seconds != nil, "the connection stayed open: \(run.stdout) \(run.stderr)")
            #expect((seconds ?? 0) >= 0.9, "closed before the idle timeout: \(run.stdout)")
            #expect((seconds ?? 99) < 10)
        }
    }
}
