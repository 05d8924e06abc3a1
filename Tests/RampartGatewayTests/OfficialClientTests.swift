import Foundation
import Hummingbird
import HummingbirdTesting
import RampartGateway
import Testing

/// The official `openai` Python package, from the venv `scripts/test` makes, calls the gateway unchanged.
@Suite struct OfficialClientTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct NoPython: Error, CustomStringConvertible {
        var description: String { "RAMPART_TEST_PYTHON is not set; run the tests through scripts/test, which installs the clients" }
    }

    static func runPython(_ script: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        guard let python = ProcessInfo.processInfo.environment["RAMPART_TEST_PYTHON"] else { throw NoPython() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.root.appendingPathComponent("Tests/clients/\(script)").path] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    @Test func theOpenAIPythonClientWorksUnchangedStreamingToo() async throws {
        let app = TestGateway.application(try TestGateway.pipeline([TestGateway.simulator("sim-a")]))
        try await app.test(.live) { client in
            let port = client.port!
            let run = try await Task.detached { try Self.runPython("openai_check.py", ["http://127.0.0.1:\(port)/v1", "assistant"]) }.value
            #expect(run.status == 0, "\(run.stderr)")
            let result = try JSONDecoder().decode(JSONValue.self, from: Data(run.stdout.utf8))
            #expect(result["models"] == .array([.string("assistant")]))
            guard case .string(let plain)? = result["plain"]?["content"], case .string(let streamed)? = result["stream"]?["content"] else {
                Issue.record("missing content: \(run.stdout)")
                return
            }
            #expect(plain.hasPrefix("[rampart simulator]"))
            #expect(streamed.hasPrefix("[rampart simulator]"))
            #expect(result["plain"]?["finish_reason"] == .string("stop"))
            #expect(result["stream"]?["total_tokens"] != .null)
            #expect(result["not_found"]?["status"] == .number(404))
            #expect(result["not_found"]?["code"] == .string("model_not_found"))
            #expect(result["bad_request"]?["status"] == .number(400))
            #expect(result["bad_request"]?["param"] == .string("messages[0].role"))
        }
    }
}
