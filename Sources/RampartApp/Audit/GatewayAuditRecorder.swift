import Foundation
import RampartAudit
import RampartGateway
import RampartPolicy

/// Records the gateway's finished requests in the audit log, each durable before its answer completes.
struct GatewayAuditRecorder: CallRecorder {
    let log: AuditLog

    func record(_ call: RecordedCall) async throws {
        _ = try await log.append(AuditEvent(call: call))
    }
}

extension AuditEvent {
    static let modelPaths: Set<String> = ["/v1/chat/completions", "/v1/messages", "/v1/embeddings"]

    /// The audit event of a finished request: names, codes and counts in the clear; who the request is about,
    /// when that is a person (a user principal, or the end user the caller named), only in the sealed part.
    init(call: RecordedCall) {
        let facts = call.facts
        let kind: Kind
        if facts.authenticationFailure != nil {
            kind = .authenticationFailure
        } else if call.path.hasPrefix("/admin/") {
            kind = .adminAction
        } else if call.path == "/v1/guard/scan" {
            kind = .guardScan
        } else if Self.modelPaths.contains(call.path) {
            kind = .modelCall
        } else {
            kind = .apiCall
        }
        var clear: [String: CanonicalJSON] = [
            "http": .object(["method": .string(call.method), "path": .string(call.path)]),
            "outcome": .fields(["status": .int(Int64(call.status)), "code": call.errorCode.map(CanonicalJSON.string),
                                "stream_failure": facts.streamFailure.map(CanonicalJSON.string)]),
            "latency_ms": .int(Int64(call.latency.components.seconds * 1000 + call.latency.components.attoseconds / 1_000_000_000_000_000)),
        ]
        var personal: [String: String] = [:]
        var subject: String?
        if let caller = facts.caller {
            let principal = caller.principal
            let isPerson = principal.kind == .user
            clear["actor"] = .fields([
                "principal": isPerson ? nil : .string(principal.id), "kind": .string(principal.kind.rawValue), "tenant": .string(principal.tenant),
                "auth": .string(caller.authentication.method.rawValue), "mfa": .bool(caller.authentication.multiFactor),
                "credential_id": isPerson ? nil : .string(caller.authentication.credentialID),
            ])
            if isPerson {
                subject = principal.id
                personal["principal"] = principal.id
                personal["display_name"] = principal.displayName
                personal["credential_id"] = caller.authentication.credentialID
            }
        }
        if let reason = facts.authenticationFailure { clear["authentication"] = .object(["failure": .string(reason)]) }
        if let endUser = facts.endUser, facts.caller != nil {
            subject = endUser
            personal["end_user"] = endUser
        }
        if let route = facts.route {
            clear["target"] = .fields([
                "workload": .string(route.workload.name), "scope": .int(Int64(route.workload.scope.number)),
                "classification": .string(route.workload.classification.rawValue), "model": .string(route.model),
                "deployment": facts.deployment.map { .string($0.name) }, "provider": facts.deployment.map { .string($0.provider) },
                "region": facts.deployment.map { .string($0.region) },
            ])
        }
        if let decision = facts.decision {
            clear["decision"] = .object([
                "allowed": .bool(decision.allowed), "action": .string(decision.action.rawValue),
                "rules": .array(decision.decidingRules.map(CanonicalJSON.string)), "default_deny": .bool(decision.isDefaultDeny),
                "alerts": .array(decision.alerts.map(CanonicalJSON.string)),
            ])
        }
        if !facts.findings.isEmpty {
            clear["findings"] = .array(facts.findings.map {
                .object(["direction": .string($0.direction.rawValue), "category": .string($0.category), "type": .string($0.type),
                         "action": .string($0.action), "count": .int(Int64($0.count))])
            })
        }
        if let usage = facts.usage {
            clear["usage"] = .object(["prompt_tokens": .int(Int64(usage.prompt)), "completion_tokens": .int(Int64(usage.completion))])
        }
        if let cost = facts.costMicros { clear["cost_micros"] = .int(cost) }
        if let network = facts.network { clear["source"] = .object(["network": .string(network)]) }
        if let signature = facts.promptSignature { clear["prompt_signature"] = .string(String(signature, radix: 16)) }
        if facts.streamed { clear["stream"] = .bool(true) }
        self.init(
            kind: kind, time: call.started, requestID: call.requestID, classification: facts.route?.workload.classification.rawValue,
            facts: clear,
            personal: subject.flatMap { subject in facts.caller.map { Personal(tenant: $0.principal.tenant, subject: subject, facts: personal) } })
    }
}
