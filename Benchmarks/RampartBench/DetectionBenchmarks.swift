import Foundation
import Glibc
import RampartDetection

/// The detection-and-response issue's benchmark: events per second the detections keep up with on one core, against
/// the least any per-event bookkeeping costs (one dictionary count per principal, measured in the same run), and the
/// memory each tracked principal costs when every rule holds state for it.
enum DetectionBenchmarks {
    static func rows(events count: Int = 2_000_000, principals: Int = 100_000) -> [String] {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let workloads = ["support", "search", "summaries", "hr"]
        // A mixed stream: ordinary calls (from a few networks, a tenth to fine-tuned models with a prompt signature),
        // denied calls, injection attempts, refused credentials, key uses; an hour passes every 360,000 events.
        let stream: [SecurityEvent] = (0..<100_000).map { n in
            let time = start.addingTimeInterval(Double(n) * 0.01)
            let principal = "app-\(n % 5000)"
            switch n % 20 {
            case 3, 13: return SecurityEvent(id: "e\(n)", kind: .modelCall, time: time, principal: principal, tenant: "acme", source: "10.\(n % 3).0.0/24",
                                             workload: "tuned", scope: 4, outcome: .allowed, promptTokens: 300, completionTokens: 200,
                                             promptSignature: UInt64(n) &* 0x9E37_79B9_7F4A_7C15)
            case 0: return SecurityEvent(id: "e\(n)", kind: .authenticationFailure, time: time, source: "10.\(n % 7).0.0/16", outcome: .denied,
                                         reason: "apikey.unknown")
            case 1: return SecurityEvent(id: "e\(n)", kind: .modelCall, time: time, principal: principal, tenant: "acme", workload: workloads[n % 4],
                                         scope: 3, outcome: .denied, findings: ["input:injection": 1])
            case 2: return SecurityEvent(id: "e\(n)", kind: .keyUsage, time: time, principal: principal, tenant: "acme", outcome: .allowed, keyOperation: "open")
            default: return SecurityEvent(id: "e\(n)", kind: .modelCall, time: time, principal: principal, tenant: "acme", source: "10.\(n % 3).0.0/24",
                                          workload: workloads[n % 4], scope: 3, outcome: .allowed, findings: n % 9 == 0 ? ["output:pii": 1] : [:], promptTokens: 300,
                                          completionTokens: 200)
            }
        }

        var floor: [String: Int] = [:]
        let floorStarted = ContinuousClock.now
        for n in 0..<count { floor[stream[n % stream.count].principal ?? "-", default: 0] += 1 }
        let floorElapsed = ContinuousClock.now - floorStarted
        precondition(!floor.isEmpty)

        var engine = DetectionEngine()
        var raised = 0
        let started = ContinuousClock.now
        for n in 0..<count { raised += engine.observe(stream[n % stream.count]).count }
        let elapsed = ContinuousClock.now - started
        let rate = Double(count) / seconds(elapsed), floorRate = Double(count) / seconds(floorElapsed)

        // Memory: every rule holding state for each of `principals` principals (a window for each burst rule, a quiet
        // period, a workload and network history, an hourly baseline, a ring of prompt signatures), measured as the
        // growth of the memory allocated.
        var tracked = DetectionEngine(capacity: principals * 2)
        let before = allocatedBytes()
        for p in 0..<principals {
            let time = start.addingTimeInterval(Double(p) * 0.001)
            let who = "principal-\(p)"
            _ = tracked.observe(SecurityEvent(id: "m\(p)", kind: .modelCall, time: time, principal: who, tenant: "acme", workload: workloads[p % 4],
                                              scope: 3, outcome: .denied, findings: ["input:injection": 1, "output:canary": 1]))
            _ = tracked.observe(SecurityEvent(id: "k\(p)", kind: .keyUsage, time: time, principal: who, tenant: "acme", outcome: .denied, keyOperation: "open"))
            _ = tracked.observe(SecurityEvent(id: "t\(p)", kind: .modelCall, time: time, principal: who, tenant: "acme", source: "10.0.0.0/24",
                                              workload: "tuned", scope: 4, outcome: .allowed, promptTokens: 300, completionTokens: 200,
                                              promptSignature: UInt64(p)))
        }
        let perPrincipal = Double(allocatedBytes() - before) / Double(principals)
        precondition(tracked.tracked >= principals)

        // The worst case: every ring full (ten denied calls, five injections, five refused key uses, twenty-five
        // prompts to a fine-tuned model, all inside their windows) for a tenth as many principals.
        let full = principals / 10
        var filled = DetectionEngine(capacity: full * 2)
        let beforeFull = allocatedBytes()
        for p in 0..<full {
            let who = "principal-\(p)"
            for n in 0..<25 {
                let time = start.addingTimeInterval(Double(p) * 0.001 + Double(n))
                if n < 10 {
                    _ = filled.observe(SecurityEvent(id: "d\(p)-\(n)", kind: .modelCall, time: time, principal: who, tenant: "acme", source: "10.0.0.0/24",
                                                     workload: workloads[p % 4], scope: 3, outcome: .denied, findings: ["input:injection": 1]))
                    _ = filled.observe(SecurityEvent(id: "k\(p)-\(n)", kind: .keyUsage, time: time, principal: who, tenant: "acme", outcome: .denied,
                                                     keyOperation: "open"))
                }
                _ = filled.observe(SecurityEvent(id: "t\(p)-\(n)", kind: .modelCall, time: time, principal: who, tenant: "acme", source: "10.0.0.0/24",
                                                 workload: "tuned", scope: 4, outcome: .allowed, promptTokens: 300, completionTokens: 200,
                                                 promptSignature: UInt64(p) << 32 | UInt64(n)))
            }
        }
        let perFullPrincipal = Double(allocatedBytes() - beforeFull) / Double(full)
        precondition(filled.tracked >= full)

        return [
            "| detections, \(engine.rules.count) rules, mixed stream | \(format(rate)) events/s | \(format(floorRate)) events/s (a dictionary count) | \(String(format: "%.2f", rate / floorRate)) | \(raised) findings |",
            "| memory per tracked principal, every rule holding state | \(Int(perPrincipal)) bytes | - | - | \(principals) principals |",
            "| memory per tracked principal, every ring full | \(Int(perFullPrincipal)) bytes | - | - | \(full) principals |",
        ]
    }

    /// The resident size once the allocator has given freed memory back to the system (glibc's `malloc_trim`,
    /// looked up at run time): so that memory freed by an earlier phase and reused by the one measured is not
    /// counted as nothing.
    static func allocatedBytes() -> Int {
        typealias Trim = @convention(c) (Int) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") { _ = unsafeBitCast(symbol, to: Trim.self)(0) }
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes * 1024
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func format(_ value: Double) -> String {
        value >= 1_000_000 ? String(format: "%.2f M", value / 1e6) : value >= 1000 ? String(format: "%.1f k", value / 1000) : String(format: "%.0f", value)
    }
}
