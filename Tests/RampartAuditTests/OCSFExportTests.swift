import Foundation
@testable import RampartAudit
import Testing

/// The OCSF and ASFF renderings, record by record: classes, required parts, what stays sealed, and batching.
@Suite struct OCSFExportTests {
    static let product = OCSF.Product(version: "test")
    static let time = Date(timeIntervalSince1970: 1_795_000_000.5)

    static func record(_ event: AuditEvent, sequence: Int = 7, sealed: SealedPersonal? = nil) -> [UInt8] {
        AuditEntry(sequence: sequence, previous: .empty, event: event.canonical(sealed: sealed)).record
    }

    static let call = AuditEvent(kind: .modelCall, time: time, requestID: "req-1", classification: "confidential", facts: [
        "http": .object(["method": .string("POST"), "path": .string("/v1/chat/completions")]),
        "outcome": .object(["status": .int(200)]),
        "actor": .object(["kind": .string("user"), "tenant": .string("acme"), "auth": .string("oidc"), "mfa": .bool(true)]),
        "target": .object(["workload": .string("support"), "scope": .int(3), "model": .string("bot"), "classification": .string("confidential")]),
        "decision": .object(["allowed": .bool(true), "rules": .array([.string("builtin.role.application")])]),
        "findings": .array([
            .object(["direction": .string("input"), "category": .string("pii"), "type": .string("EMAIL_ADDRESS"), "action": .string("pseudonymize"), "count": .int(2)]),
            .object(["direction": .string("input"), "category": .string("injection"), "type": .string("PROMPT_INJECTION"), "action": .string("block"), "count": .int(1)]),
        ]),
    ])

    @Test func aModelCallIsAnAPIActivityWithAFindingPerKindAndNoSubjectID() throws {
        let sealed = SealedPersonal(tenant: "acme", subjectReference: "ref42", envelope: Array("sealed-bytes".utf8))
        let events = try OCSF.events(sequence: 7, record: Self.record(Self.call, sealed: sealed), product: Self.product)
        #expect(events.map { $0["class_uid"]?.int } == [6003, 2004, 2006])
        for event in events {
            #expect(event["type_uid"]?.int == event["class_uid"]!.int! * 100 + event["activity_id"]!.int!)
            #expect(event["metadata"]?["sequence"] == .int(7) && event["metadata"]?["correlation_uid"] == .string("req-1"))
            #expect(event["time"] == .int(1_795_000_000_500))
            // A person is their keyed reference; the sealed bytes are not exported at all.
            #expect(event["actor"]?["user"]?["uid"] == .string("subject:ref42"))
            #expect(!String(decoding: event.encoded, as: UTF8.self).contains(Data("sealed-bytes".utf8).base64EncodedString()))
        }
        #expect(events[1]["severity_id"] == .int(OCSF.Severity.high.rawValue), "a blocked injection is high")
        #expect(events[1]["finding_info"]?["types"] == .array([.string("PROMPT_INJECTION")]))
        #expect(events[2]["finding_info"]?["uid"] == .string(Self.call.id + ":data"))
    }

    @Test func anAuthenticationFailureIsAFailedLogon() throws {
        let event = AuditEvent(kind: .authenticationFailure, time: Self.time, requestID: "req-2", facts: [
            "authentication": .object(["failure": .string("credential.unrecognized")]),
            "http": .object(["method": .string("GET"), "path": .string("/v1/models")]),
        ])
        let events = try OCSF.events(sequence: 0, record: Self.record(event, sequence: 0), product: Self.product)
        #expect(events.count == 1)
        #expect(events[0]["class_uid"] == .int(3002) && events[0]["status_id"] == .int(2) && events[0]["status_detail"] == .string("credential.unrecognized"))
    }

    /// A finding of the detections is a Detection Finding under its own uid (so a SIEM keeps one per finding), with
    /// the rule as the analytic, its type for ASFF, and the event that raised it.
    /// An image in an answer that would have carried data out is a threat: a Detection Finding, named so.
    @Test func anAnswersImageFromAnUnlistedHostIsADetectionFinding() throws {
        var call = Self.call
        call.facts["findings"] = .array([
            .object(["direction": .string("output"), "category": .string("exfiltration"), "type": .string("EXTERNAL_IMAGE"),
                     "action": .string("redact"), "count": .int(1)]),
        ])
        let events = try OCSF.events(sequence: 7, record: Self.record(call), product: Self.product)
        #expect(events.map { $0["class_uid"]?.int } == [6003, 2004])
        #expect(events[1]["finding_info"]?["title"] == .string("Image carrying data out of model output"))
        #expect(events[1]["finding_info"]?["types"] == .array([.string("EXTERNAL_IMAGE")]))
        #expect(events[1]["severity_id"] == .int(OCSF.Severity.medium.rawValue), "replaced, not blocked")
    }

    @Test func aDetectionsFindingIsADetectionFindingUnderItsOwnUID() throws {
        let event = AuditEvent(kind: .detectionFinding, time: Self.time, facts: [
            "finding": .object([
                "uid": .string("auth.failure-burst:source:unknown:1795000000000"), "rule": .string("auth.failure-burst"), "severity": .string("high"),
                "description": .string("Many refused credentials."), "subject_kind": .string("source"), "subject": .string("unknown"),
                "first_seen": .string(AuditEvent.timestamp(Self.time)), "last_seen": .string(AuditEvent.timestamp(Self.time.addingTimeInterval(30))),
                "event_count": .int(20), "raised_by": .string("evt-9"),
            ]),
            "object": .object(["tenant": .string("acme")]),
        ])
        let events = try OCSF.events(sequence: 3, record: Self.record(event, sequence: 3), product: Self.product)
        let finding = try #require(events.first)
        #expect(events.count == 1 && finding["class_uid"] == .int(2004) && finding["severity_id"] == .int(OCSF.Severity.high.rawValue))
        #expect(finding["metadata"]?["uid"] == .string("auth.failure-burst:source:unknown:1795000000000"))
        #expect(finding["metadata"]?["tenant_uid"] == .string("acme"))
        #expect(finding["finding_info"]?["analytic"]?["uid"] == .string("auth.failure-burst"))
        #expect(finding["finding_info"]?["types"] == .array([.string("TTPs/Credential Access/Brute Force")]))
        #expect(finding["finding_info"]?["last_seen_time"] == .int(1_795_000_030_500))
        #expect(finding["finding_info"]?["related_events"] == .array([.object(["uid": .string("evt-9")])]))
        let asff = try #require(ASFF.finding(finding, target: ASFF.Target(accountID: "123456789012", region: "eu-west-1")))
        #expect(asff["Types"] == .array([.string("TTPs/Credential Access/Brute Force")]))
        #expect(asff["GeneratorId"] == .string("rampart/detection/auth.failure-burst"))
    }

    /// An operator's action from the command line is an API Activity named by what it did, by the local operator.
    @Test(arguments: [("principal.add", 1, "Create"), ("apikey.revoke", 4, "Delete"), ("key.shred", 4, "Delete"), ("subject.erase", 4, "Delete"),
                      ("budget.set", 3, "Update"), ("principal.disable", 3, "Update"), ("key.rotate", 3, "Update")])
    func anOperatorActionIsAnAPIActivityNamedByItsVerb(action: String, activityID: Int64, activity: String) throws {
        let event = AuditEvent(kind: .adminAction, time: Self.time, facts: [
            "action": .string(action), "actor": .object(["kind": .string("local-operator"), "uid": .int(1000)]),
            "object": .object(["tenant": .string("acme")]), "outcome": .object(["result": .string("failure"), "code": .string("identity.not_found")]),
        ])
        let events = try OCSF.events(sequence: 2, record: Self.record(event, sequence: 2), product: Self.product)
        #expect(events.count == 1)
        #expect(events[0]["class_uid"] == .int(6003) && events[0]["activity_id"] == .int(activityID) && events[0]["activity_name"] == .string(activity))
        #expect(events[0]["api"]?["operation"] == .string("CLI \(action)"))
        #expect(events[0]["actor"]?["user"]?["uid"] == .string("local-operator"))
        #expect(events[0]["status_id"] == .int(2) && events[0]["status_code"] == .string("identity.not_found"))
        #expect(events[0]["metadata"]?["tenant_uid"] == .string("acme"))
    }

    @Test func aRecordThatIsNotOneIsNamed() {
        #expect(throws: AuditError.self) { try OCSF.events(sequence: 3, record: Array("tampered".utf8), product: Self.product) }
        // A record at another position than its own number is not exported as if it were there.
        #expect(throws: AuditError.self) { try OCSF.events(sequence: 3, record: Self.record(Self.call, sequence: 4), product: Self.product) }
    }

    @Test(arguments: [(0, [Int]()), (1, [1]), (100, [100]), (101, [100, 1]), (250, [100, 100, 50])])
    func securityHubBatchesHoldAtMostAHundredFindings(findings: Int, sizes: [Int]) {
        let target = ASFF.Target(accountID: "123456789012", region: "eu-west-1")
        let compliance = (0..<findings).map {
            OCSF.complianceFinding(workload: "w", scope: 3, control: "C-\($0)", title: "t", passed: $0 % 2 == 0, required: true, standards: ["GDPR Art. 32"],
                                   reasons: [], time: Self.time, product: Self.product)
        }
        let activity = OCSF.base(.apiActivity, activity: (1, "Create"), severity: .informational, time: Self.time, uid: "x", product: Self.product,
                                 sequence: 1, correlation: nil, tenant: nil, message: "m")
        let batches = ASFF.batches(compliance + [.object(activity)], target: target)
        #expect(batches.map(\.count) == sizes, "an API Activity is not a finding and has no ASFF form")
        if let first = batches.first?.first {
            #expect(first["ProductArn"] == .string("arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default"))
            #expect(first["Compliance"]?["Status"] == .string("PASSED"))
        }
    }
}
