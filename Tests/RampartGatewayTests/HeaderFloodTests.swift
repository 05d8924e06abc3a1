import Foundation
import RampartGateway
import RampartTestSupport
import Testing

/// Request heads beyond the server's limits (100 headers, 16 KiB a field, 64 KiB in all) get a 400 after a bounded
/// read, and the server keeps serving. Serialized: the second test keeps every pool thread busy for a while.
@Suite(.serialized) struct HeaderFloodTests {
    @Test func headerFloodsAreRefusedAndTheServerKeepsServing() async throws {
        let yaml = """
            gateway:
              deployments: [{name: sim, kind: simulator, region: eu-west-1, model: sim}]
            """
        try await TestServer.with(yaml: yaml) { port, _ in
            let run = try await TestPython.run("header_flood.py", [String(port)])
            #expect(run.status == 0, "\(run.stderr)")
            let result = try JSONDecoder().decode(JSONValue.self, from: Data(run.stdout.utf8))
            for name in ["many_headers", "one_huge_header", "large_header_list", "endless_headers"] {
                guard case .string(let answer)? = result[name]?["answer"] else {
                    Issue.record("\(name): no answer in \(run.stdout)")
                    continue
                }
                #expect(answer.hasPrefix("HTTP/1.1 4"), "\(name) was answered \(answer)")
            }
            // The endless head was refused after a bounded read: what the client got off before the answer is what the
            // kernel's socket buffers took, far below the 64 MB it would have sent.
            if case .number(let sent)? = result["endless_headers"]?["sent"] { #expect(sent < 16_000_000, "the client sent \(sent) bytes of headers") }
            #expect(result["after"] == .string("HTTP/1.1 200 OK"), "\(run.stdout)")
        }
    }

    /// The refusal does not wait for the request task: with every thread of Swift's cooperative pool busy (as under
    /// load), an endless head is still answered after a bounded read, by the channel's own event loop. Before, the
    /// channel went on reading the refused head until the task got round to answering (tens of megabytes).
    @Test func anEndlessHeadIsRefusedWhileRequestTasksWait() async throws {
        let yaml = """
            gateway:
              deployments: [{name: sim, kind: simulator, region: eu-west-1, model: sim}]
            """
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-flood-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let ready = directory.appendingPathComponent("ready").path, go = directory.appendingPathComponent("go").path
        try await TestServer.with(yaml: yaml) { port, _ in
            // The client runs on a Dispatch thread, not on the pool.
            let client = Task { try await TestPython.run("header_flood.py", [String(port), "--held", ready, go]) }
            let started = ContinuousClock.now
            while !FileManager.default.fileExists(atPath: ready), ContinuousClock.now - started < .seconds(30) { try await Task.sleep(for: .milliseconds(10)) }
            #expect(FileManager.default.fileExists(atPath: ready), "the client did not connect")
            // Every pool thread spins for three seconds; the first to start lets the client loose.
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<max(2, ProcessInfo.processInfo.activeProcessorCount) {
                    group.addTask {
                        _ = FileManager.default.createFile(atPath: go, contents: nil)
                        let until = ContinuousClock.now + .seconds(3)
                        while ContinuousClock.now < until {}
                    }
                }
            }
            let run = try await client.value
            #expect(run.status == 0, "\(run.stderr)")
            let result = try JSONDecoder().decode(JSONValue.self, from: Data(run.stdout.utf8))
            guard case .string(let answer)? = result["answer"], case .number(let sent)? = result["sent"] else {
                Issue.record("no answer in \(run.stdout)")
                return
            }
            #expect(answer.hasPrefix("HTTP/1.1 400"), "answered \(answer)")
            #expect(sent < 16_000_000, "the client sent \(sent) bytes of headers before the answer")
        }
    }
}

