import Foundation
import Hummingbird
import HummingbirdTesting
import RampartGateway
import RampartTestSupport
import Testing

/// The official `openai` Python package, from the venv `scripts/test` makes, calls the gateway unchanged.
@Suite struct OfficialClientTests {
    @Test func theOpenAIPythonClientWorksUnchangedStreamingToo() async throws {
        let app = TestGateway.application(try TestGateway.pipeline([TestGateway.simulator("sim-a")]))
        try await app.test(.live) { client in
            let port = client.port!
            let run = try await TestPython.run("openai_check.py", ["http://127.0.0.1:\(port)/v1", "assistant", TestGateway.apiKey])
            #expect(run.status == 0, "\(run.stderr)")
            let result = try JSONDecoder().decode(JSONValue.self, from: Data(run.stdout.utf8))
            #expect(result["models"] == .array([.string("assistant")]))
            #expect(result["embeddings"]?["count"] == .number(2))
            #expect(result["embeddings"]?["dimensions"] == .number(16))
            #expect(result["embeddings"]?["indexes"] == .array([.number(0), .number(1)]))
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
            // Function calling, plain and streamed: the simulator calls the first tool with the user's words.
            let tools = result["tools"]
            #expect(tools?["finish_reason"] == .string("tool_calls") && tools?["content"] == .null, "\(run.stdout)")
            #expect(tools?["name"] == .string("lookup_control"))
            #expect(tools?["arguments"] == .object(["input": .string("Look up control KEY-ROTATION")]))
            #expect(tools?["answer_finish_reason"] == .string("stop"))
            guard case .string(let answer)? = tools?["answer"] else { Issue.record("no answer after the tool result: \(run.stdout)"); return }
            #expect(answer.hasPrefix("[rampart simulator]"))
            #expect(tools?["streamed_finish_reason"] == .string("tool_calls"))
            guard case .array(let streamedCalls)? = tools?["streamed"], streamedCalls.count == 1 else { Issue.record("streamed: \(run.stdout)"); return }
            #expect(streamedCalls[0]["name"] == .string("lookup_control"))
            #expect(streamedCalls[0]["arguments"] == .string(#"{"input":"Look up control KEY-ROTATION"}"#))
            #expect(streamedCalls[0]["id"] != .string("") && streamedCalls[0]["id"] != nil)
        }
    }

    @Test func theAnthropicPythonClientWorksUnchangedStreamingToo() async throws {
        let app = TestGateway.application(try TestGateway.pipeline([TestGateway.simulator("sim-a")]))
        try await app.test(.live) { client in
            let port = client.port!
            let run = try await TestPython.run("anthropic_check.py", ["http://127.0.0.1:\(port)", "assistant", TestGateway.apiKey])
            #expect(run.status == 0, "\(run.stderr)")
            let result = try JSONDecoder().decode(JSONValue.self, from: Data(run.stdout.utf8))
            guard case .string(let plain)? = result["plain"]?["text"], case .string(let streamed)? = result["stream"]?["text"] else {
                Issue.record("missing text: \(run.stdout) \(run.stderr)")
                return
            }
            #expect(plain.hasPrefix("[rampart simulator]"))
            #expect(streamed.hasPrefix("[rampart simulator]"))
            #expect(result["plain"]?["stop_reason"] == .string("end_turn"))
            #expect(result["stream"]?["stop_reason"] == .string("end_turn"))
            #expect(result["not_found"]?["status"] == .number(404))
            #expect(result["not_found"]?["type"] == .string("not_found_error"))
            #expect(result["not_found"]?["code"] == .string("model_not_found"))
            #expect(result["bad_request"]?["code"] == .string("invalid_type"))
            // Function calling, plain and streamed, with the tool's result sent back as a tool_result block.
            let tools = result["tools"]
            #expect(tools?["stop_reason"] == .string("tool_use") && tools?["name"] == .string("lookup_control"), "\(run.stdout)")
            #expect(tools?["input"] == .object(["input": .string("Look up control KEY-ROTATION")]))
            guard case .string(let answer)? = tools?["answer"] else { Issue.record("no answer after the tool result: \(run.stdout)"); return }
            #expect(answer.hasPrefix("[rampart simulator]") && tools?["answer_stop_reason"] == .string("end_turn"))
            #expect(tools?["streamed_stop_reason"] == .string("tool_use"))
            #expect(tools?["streamed"] == .array([.object(["name": .string("lookup_control"), "input": .object(["input": .string("Look up control KEY-ROTATION")]),
                                                             "id": tools?["streamed"]?[0]?["id"] ?? .null])]), "\(run.stdout)")
        }
    }
}
