import Foundation
import RampartGateway
import RampartTestSupport
import Testing

/// Request heads beyond the server's limits (100 headers, 16 KiB a field, 64 KiB in all) get a 400 after a bounded
/// read, and the server keeps serving.
@Suite struct HeaderFloodTests {
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
}
