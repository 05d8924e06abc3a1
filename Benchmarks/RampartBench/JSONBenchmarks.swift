import Foundation
import RampartAudit
import RampartCore

/// Reading a chat request's JSON, as the gateway does for every request and answer: Rampart's `JSONReader` against
/// Foundation's `JSONSerialization`, in the same run.
enum JSONBenchmarks {
    /// A chat request of about 1 KB: a system prompt, a user message and the usual options (integers only, so that
    /// the audit log's `CanonicalJSON` can hold it).
    static let chatRequest: [UInt8] = {
        let question = "Please review the quarterly planning notes and summarize the main risks for the steering group. "
        let body = """
            {"model":"assistant","max_tokens":256,"stream":false,"user":"bench-app","messages":[\
            {"role":"system","content":"You are a careful assistant for the finance team. Answer briefly."},\
            {"role":"user","content":"\(String(repeating: question, count: 8))"},\
            {"role":"assistant","content":"Understood. Here is the summary you asked for."},\
            {"role":"user","content":"Thanks! And the risks for Zürich and São Paulo?"}],\
            "metadata":{"team":"finance","ticket":"FIN-2291"}}
            """
        return Array(body.utf8)
    }()

    static func rows(iterations: Int) -> [String] {
        let count = max(5_000, iterations / 10)
        let data = Data(chatRequest)
        let ours = median(count) { precondition((try? JSONReader.parse(chatRequest, as: CanonicalJSON.self, maximumDepth: 64)) != nil) }
        let foundation = median(count) { precondition((try? JSONSerialization.jsonObject(with: data)) != nil) }
        return [
            "| JSON: a \(chatRequest.count)-byte chat request, `JSONReader` | \(RampartBench.nanoseconds(ours)) p50 | - | - | - |",
            "| JSON: the same, Foundation's `JSONSerialization` | \(RampartBench.nanoseconds(foundation)) p50 | "
                + "\(String(format: "%.2f", RampartBench.seconds(ours) / RampartBench.seconds(foundation)))× of it | - | - |",
        ]
    }

    /// The p50 of `count` runs of `body`.
    static func median(_ count: Int, _ body: () -> Void) -> Duration {
        let clock = ContinuousClock()
        var times: [Duration] = []
        times.reserveCapacity(count)
        for _ in 0..<count {
            let started = clock.now
            body()
            times.append(clock.now - started)
        }
        return times.sorted()[count / 2]
    }
}
