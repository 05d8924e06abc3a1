import Foundation
@testable import RampartApp
import RampartAudit
import RampartDetection
import RampartKeys
import Testing

/// What detection reads from each kind of stored audit record: who, what, how it ended, and what was found.
@Suite struct SecurityEventMappingTests {
    static let time = Date(timeIntervalSince1970: 1_800_000_000)

    static func read(_ event: AuditEvent, sealed: SealedPersonal? = nil, sequence: Int = 4) -> SecurityEvent? {
        SecurityEvent(record: AuditEntry(sequence: sequence, previous: .empty, event: event.canonical(sealed: sealed)).record, sequence: sequence)
    }

    @Test func aModelCallOfAPersonIsTheirReferenceWithFindingsByDirection() throws {
        let call = AuditEvent(kind: .modelCall, time: Self.time, requestID: "r1", facts: [
            "actor": .object(["kind": .string("user"), "tenant": .string("acme"), "auth": .string("oidc"), "mfa": .bool(true)]),
            "target": .object(["workload": .string("support"), "scope": .int(2), "model": .string("bot")]),
            "decision": .object(["allowed": .bool(false), "rules": .array([])]),
            "outcome": .object(["status": .int(400), "code": .string("prompt_injection")]),
            "findings": .array([
                .object(["direction": .string("input"), "category": .string("injection"), "type": .string("PROMPT_INJECTION"), "action": .string("block"),
                         "count": .int(1)]),
                .object(["direction": .string("output"), "category": .string("pii"), "type": .string("EMAIL_ADDRESS"), "action": .string("redact"),
                         "count": .int(2)]),
            ]),
            "usage": .object(["prompt_tokens": .int(12), "completion_tokens": .int(0)]),
        ])
        let event = try #require(Self.read(call, sealed: SealedPersonal(tenant: "acme", subjectReference: "ref9", envelope: [1, 2])))
        #expect(event.kind == .modelCall && event.principal == "subject:ref9" && event.tenant == "acme")
        #expect(event.workload == "support" && event.scope == 2 && event.outcome == .denied && event.reason == "prompt_injection")
        #expect(event.findings == ["input:injection": 1, "output:pii": 2] && event.promptTokens == 12)
    }

    /// A call the decision allowed but a detector or a limit refused is denied; an upstream failure is failed; a
    /// call a containment refused is contained (the response working, not the caller probing).
    @Test(arguments: [(400, "content_blocked", SecurityEvent.Outcome.denied), (502, "output_blocked", .denied), (429, "budget_exceeded", .denied),
                      (502, "upstream_unavailable", .failed), (200, nil, .allowed), (403, "permission_denied", .denied),
                      (403, "suspended", .contained), (403, "workload_quarantined", .contained), (403, "mfa_required", .contained)]
                     as [(Int64, String?, SecurityEvent.Outcome)])
    func refusalsAreToldFromFailures(status: Int64, code: String?, outcome: SecurityEvent.Outcome) throws {
        var result: [String: CanonicalJSON] = ["status": .int(status)]
        if let code { result["code"] = .string(code) }
        let call = AuditEvent(kind: .modelCall, time: Self.time, facts: [
            "decision": .object(["allowed": .bool(true), "rules": .array([])]), "outcome": .object(result),
        ])
        #expect(try #require(Self.read(call)).outcome == outcome)
    }

    @Test(arguments: [
        ("success", nil, SecurityEvent.Outcome.allowed),
        ("failure", "keys.access_denied", .denied),
        ("failure", "keys.authentication_failed", .failed),
    ] as [(String, String?, SecurityEvent.Outcome)])
    func aKeyUseIsItsCallersWithItsOutcome(result: String, code: String?, outcome: SecurityEvent.Outcome) throws {
        var result = ["result": CanonicalJSON.string(result)]
        if let code { result["code"] = .string(code) }
        let use = AuditEvent(kind: .keyUsage, time: Self.time, facts: [
            "key": .object(["tenant": .string("acme"), "owner": .string("model:m"), "purpose": .string("artifacts")]),
            "operation": .string("open"), "outcome": .object(result), "caller": .string("principal:analyst"), "rules": .array([]), "alert": .bool(true),
        ])
        let event = try #require(Self.read(use))
        #expect(event.kind == .keyUsage && event.principal == "analyst" && event.tenant == "acme" && event.keyOperation == "open" && event.alert)
        #expect(event.outcome == outcome)
    }

    @Test func theNetworkAndThePromptSignatureAreReadAndAFindingIsNoEvent() throws {
        let call = AuditEvent(kind: .modelCall, time: Self.time, facts: [
            "actor": .object(["kind": .string("application"), "principal": .string("app"), "tenant": .string("acme")]),
            "outcome": .object(["status": .int(200)]), "source": .object(["network": .string("203.0.113.0/24")]),
            "prompt_signature": .string("a5a5f00d12345678"),
        ])
        let event = try #require(Self.read(call))
        #expect(event.source == "203.0.113.0/24" && event.promptSignature == 0xA5A5_F00D_1234_5678)
        let finding = AuditEvent(finding: DetectionFinding(
            ruleID: "canary.leak", severity: .critical, description: "d", subject: .principal, subjectValue: "app", tenant: "acme", workload: nil,
            scope: nil, firstSeen: Self.time, lastSeen: Self.time, count: 1, eventID: "e1"), time: Self.time)
        #expect(Self.read(finding) == nil, "detection does not read its own findings")
    }

    /// A person using a key (break-glass) is `person` in the clear and their keyed reference to detection; their id
    /// is only in the sealed facts.
    @Test func aPersonsKeyUseSealsTheirIdAndReadsAsTheirReference() throws {
        let use = KeyUsageEvent(operation: .open, tenant: "acme", owner: "model:m", purpose: "artifacts", outcome: .success, at: Self.time,
                                caller: "alice@example.com", rules: ["builtin.role.break-glass"], alert: true, callerIsPerson: true)
        let event = AuditEvent(keyUsage: use)
        #expect(event.facts["caller"] == .string("person") && event.personal?.facts == ["caller": "alice@example.com"])
        #expect(event.personal?.subject == "alice@example.com" && event.personal?.tenant == "acme")
        let canonical = event.canonical(sealed: SealedPersonal(tenant: "acme", subjectReference: "ref7", envelope: [9]))
        #expect(!String(decoding: canonical, as: UTF8.self).contains("alice"))
        let read = try #require(Self.read(event, sealed: SealedPersonal(tenant: "acme", subjectReference: "ref7", envelope: [9])))
        #expect(read.principal == "subject:ref7" && read.alert)
        // A service identity stays in the clear, as `principal:ID`.
        let service = AuditEvent(keyUsage: KeyUsageEvent(operation: .open, tenant: "acme", owner: "model:m", purpose: "artifacts", outcome: .success,
                                                         at: Self.time, caller: "pipeline"))
        #expect(service.facts["caller"] == .string("principal:pipeline") && service.personal == nil)
    }

    @Test func aRefusedCredentialIsDeniedWithItsReasonAndARecordElsewhereIsNothing() throws {
        let refused = AuditEvent(kind: .authenticationFailure, time: Self.time, facts: [
            "authentication": .object(["failure": .string("apikey.revoked")]), "outcome": .object(["status": .int(401)]),
        ])
        let event = try #require(Self.read(refused))
        #expect(event.kind == .authenticationFailure && event.outcome == .denied && event.reason == "apikey.revoked" && event.principal == nil)
        // A record read at another position than its own is not an event.
        #expect(SecurityEvent(record: AuditEntry(sequence: 4, previous: .empty, event: refused.canonical(sealed: nil)).record, sequence: 5) == nil)
    }
}
