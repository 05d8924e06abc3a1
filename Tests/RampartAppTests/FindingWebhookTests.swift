import Foundation
@testable import RampartApp
import RampartAudit
import RampartDetection
import Testing

/// What a webhook receives: the body each tool accepts, with the finding's names and counts only, and a signature a
/// receiver can check (checked against a vector computed with Python's hmac).
@Suite struct FindingWebhookTests {
    static let finding = DetectionFinding(
        ruleID: "canary.leak", severity: .critical, description: "A workload's canary appeared in a completion.", subject: .principal,
        subjectValue: "app", tenant: "acme", workload: "support", scope: 2, firstSeen: Date(timeIntervalSince1970: 1_800_000_000),
        lastSeen: Date(timeIntervalSince1970: 1_800_000_000), count: 1, eventID: "e1", credential: "key_1")

    func object(_ json: CanonicalJSON) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(json.encoded)) as? [String: Any])
    }

    @Test func pagerDutyGetsAnEventsV2TriggerDeduplicatedByTheFinding() throws {
        let body = try object(FindingWebhook.body(Self.finding, format: .pagerduty, ticket: false, containments: ["ctn_1"], routingKey: "R0UT1NG"))
        #expect(body["routing_key"] as? String == "R0UT1NG" && body["event_action"] as? String == "trigger")
        #expect(body["dedup_key"] as? String == Self.finding.uid)
        let payload = try #require(body["payload"] as? [String: Any])
        #expect(payload["severity"] as? String == "critical" && payload["source"] as? String == "rampart" && payload["component"] as? String == "support")
        #expect((payload["summary"] as? String)?.hasPrefix("[critical] canary.leak") == true)
    }

    @Test func chatToolsGetTextAndTicketsATitle() throws {
        let chat = try object(FindingWebhook.body(Self.finding, format: .slack, ticket: false, containments: ["ctn_1"], routingKey: nil))
        #expect((chat["text"] as? String)?.contains("contained: ctn_1") == true)
        #expect((chat["finding"] as? [String: Any])?["uid"] as? String == Self.finding.uid)
        let ticket = try object(FindingWebhook.body(Self.finding, format: .ticket, ticket: true, containments: [], routingKey: nil))
        #expect(ticket["title"] as? String == "canary.leak on principal app")
        #expect(ticket["labels"] as? [String] == ["rampart", "canary.leak"])
    }

    @Test func theSignatureIsHMACSHA256OfTimeDotBody() {
        // python3 -c 'import hmac,hashlib; print(hmac.new(b"key", b"1800000000.{}", hashlib.sha256).hexdigest())'
        let signature = FindingWebhook.signature(Array("{}".utf8), secret: "key", at: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(signature == "t=1800000000,v1=\(Self.expected)")
    }

    static let expected = "7321475872b03ff21bdc2dfd86ea2d99ec29c479fbe4a77aa6acf4509505493f"
}
