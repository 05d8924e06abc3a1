import Foundation
import RampartAudit
import RampartDetection
import RampartPolicy

extension AuditEvent {
    /// The event of one step of a playbook. The target is a principal id, a person's keyed reference, an API key
    /// id or a workload: never a person's id in the clear (detection sees none).
    init(response step: ResponsePlan.Step, finding: DetectionFinding, measure: Containment?, webhook: String?, outcome: String, code: String?,
         detail: String?, attempts: Int?, time: Date) {
        self.init(kind: .adminAction, time: time, facts: [
            "action": .string("response.\(step.action)"),
            "actor": .object(["kind": .string("rampart-response"), "playbook": .string(step.playbook)]),
            "object": .fields([
                "finding": .string(finding.uid), "rule": .string(finding.ruleID), "tenant": finding.tenant.map(CanonicalJSON.string),
                "containment": measure.map { .string($0.id) }, "target": measure.map { .string($0.target) },
                "until": measure?.until.map { .string(AuditEvent.timestamp($0)) }, "webhook": webhook.map(CanonicalJSON.string),
            ]),
            "outcome": .fields([
                "result": .string(outcome), "code": code.map(CanonicalJSON.string), "detail": detail.map(CanonicalJSON.string),
                "attempts": attempts.map { .int(Int64($0)) },
            ]),
        ])
    }
}

extension AuditEvent {
    /// The log's record of a finding, from which the SIEM exports render an OCSF Detection Finding: the rule, whom
    /// it is about (a principal id, a person's keyed reference, a network prefix), the workload, the span and count
    /// of its events, and the event that raised it.
    init(finding: DetectionFinding, time: Date) {
        self.init(kind: .detectionFinding, time: time, facts: [
            "finding": .fields([
                "uid": .string(finding.uid), "rule": .string(finding.ruleID), "severity": .string(finding.severity.name),
                "description": .string(finding.description), "subject_kind": .string(finding.subject.rawValue), "subject": .string(finding.subjectValue),
                "first_seen": .string(AuditEvent.timestamp(finding.firstSeen)), "last_seen": .string(AuditEvent.timestamp(finding.lastSeen)),
                "event_count": .int(Int64(finding.count)), "raised_by": .string(finding.eventID),
            ]),
            "object": .fields(["tenant": finding.tenant.map(CanonicalJSON.string)]),
            "target": .fields(["workload": finding.workload.map(CanonicalJSON.string), "scope": finding.scope.map { .int(Int64($0)) }]),
        ])
    }
}
