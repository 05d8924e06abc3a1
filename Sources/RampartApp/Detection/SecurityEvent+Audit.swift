import Foundation
import RampartAudit
import RampartDetection
import RampartGateway

extension SecurityEvent {
    /// The gateway's error codes that refuse a call rather than fail it.
    static let refusals: Set<String> = ["content_blocked", "output_blocked", "permission_denied", "rate_limit_exceeded", "budget_exceeded"]

    /// What detection sees of one stored audit record: names, codes and counts from the clear part; a person is
    /// `subject:REF`, their keyed reference. Nil for a record that is not a readable event at `sequence`.
    init?(record: [UInt8], sequence: Int) {
        guard let stored = StoredAuditEvent(record: record, sequence: sequence) else { return nil }
        self.init(stored: stored)
    }

    /// What detection sees of one event of the log, read back or handed on as committed (`AuditTail`). Nil for the
    /// events detection does not look at (its own findings).
    init?(stored: StoredAuditEvent) {
        let kind: Kind
        switch stored.kind {
        case .modelCall: kind = .modelCall
        case .apiCall, .guardScan: kind = .apiCall
        case .authenticationFailure: kind = .authenticationFailure
        case .keyUsage: kind = .keyUsage
        case .adminAction: kind = .adminAction
        // Detection's own findings are not events to detect on.
        case .detectionFinding: return nil
        }
        self.init(id: stored.id, kind: kind, time: stored.time)
        let event = stored.facts
        let actor = event["actor"]
        let reference = event["personal"]?["subject_ref"]?.string
        principal = actor?["principal"]?.string ?? reference.map { "subject:\($0)" }
        tenant = stored.tenant
        credential = actor?["credential_id"]?.string
        if let target = event["target"] {
            workload = target["workload"]?.string
            scope = target["scope"]?.int.map(Int.init)
            model = target["model"]?.string
        }
        let status = event["outcome"]?["status"]?.int
        let result = event["outcome"]?["result"]?.string
        let code = event["outcome"]?["code"]?.string
        // Refused by a containment, or by policy, a limit or a detector: the error code, the decision or the status says so.
        if code.map(GatewayError.containmentCodes.contains) == true {
            outcome = .contained
        } else if event["decision"]?["allowed"] == .bool(false) || kind == .authenticationFailure || status.map({ $0 == 401 || $0 == 403 || $0 == 429 }) == true
            || code.map(Self.refusals.contains) == true {
            outcome = .denied
        } else if let status, status >= 400 {
            outcome = .failed
        } else if result == "failure" {
            outcome = event["outcome"]?["code"]?.string == "keys.access_denied" ? .denied : .failed
        }
        reason = event["authentication"]?["failure"]?.string ?? event["outcome"]?["code"]?.string
        if case .array(let items) = event["findings"] ?? .array([]) {
            for item in items {
                guard let direction = item["direction"]?.string, let category = item["category"]?.string else { continue }
                findings["\(direction):\(category)", default: 0] += Int(item["count"]?.int ?? 1)
            }
        }
        source = event["source"]?["network"]?.string
        promptSignature = event["prompt_signature"]?.string.flatMap { UInt64($0, radix: 16) }
        promptTokens = Int(event["usage"]?["prompt_tokens"]?.int ?? 0)
        completionTokens = Int(event["usage"]?["completion_tokens"]?.int ?? 0)
        if kind == .keyUsage {
            keyOperation = event["operation"]?.string
            alert = event["alert"] == .bool(true)
            // The caller of a key use is Rampart, the local operator, `principal:ID`, or a `person` (their keyed reference).
            if let caller = event["caller"]?.string, caller != "person" {
                principal = caller.hasPrefix("principal:") ? String(caller.dropFirst("principal:".count)) : caller
            }
        }
    }
}
