import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import RampartAudit
import RampartCore
import RampartDetection
import RampartGateway

/// Posts findings to a chat, paging or ticketing tool's webhook, in the body that tool accepts, signed, with
/// retries and backoff on a network failure, a 429 or a 5xx (any other answer is final).
///
/// The signature is `x-rampart-signature: t=UNIX,v1=HEX`, HMAC-SHA256 under the webhook's secret of `UNIX.BODY`,
/// so that a receiver can refuse a forged or replayed post; `x-rampart-delivery` is the same on every attempt of one
/// post, for receivers that deduplicate.
struct FindingWebhook: Sendable {
    enum Delivery: Sendable, Hashable {
        case delivered(attempts: Int)
        case failed(attempts: Int, reason: String)
    }

    let name: String
    let url: String
    let format: DetectionResponseSettings.WebhookSettings.Format
    /// The signing secret, or for PagerDuty the routing key.
    let secret: String?
    let retries: Int
    let client: ServiceClient
    let now: @Sendable () -> Date
    let sleep: @Sendable (Duration) async throws -> Void

    func post(_ finding: DetectionFinding, ticket: Bool, containments: [String]) async -> Delivery {
        let body = Self.body(finding, format: format, ticket: ticket, containments: containments, routingKey: secret).encoded
        let delivery = "\(finding.uid)/\(name)/\(ticket ? "ticket" : "notify")"
        var attempts = 0
        var reason = ""
        while attempts <= retries {
            if attempts > 0 { try? await sleep(.milliseconds(500 << min(attempts - 1, 6))) }
            attempts += 1
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "content-type", value: "application/json")
            request.headers.add(name: "user-agent", value: "rampart-response")
            request.headers.add(name: "x-rampart-delivery", value: delivery)
            if let secret, format != .pagerduty { request.headers.add(name: "x-rampart-signature", value: Self.signature(body, secret: secret, at: now())) }
            request.body = .bytes(ByteBuffer(bytes: body))
            do {
                let response = try await client.execute(request, timeout: .seconds(10))
                _ = try? await response.body.collect(upTo: 64 << 10)
                let status = Int(response.status.code)
                if (200..<300).contains(status) { return .delivered(attempts: attempts) }
                reason = "answered \(status)"
                guard status == 429 || status >= 500 else { return .failed(attempts: attempts, reason: reason) }
            } catch let refused as UpstreamError {
                // Not sent: the address rules refused the host (its reason names the host and address, no more).
                reason = refused.detail
            } catch {
                reason = "unreachable (\(type(of: error)))"
            }
        }
        return .failed(attempts: attempts, reason: reason)
    }

    /// `t=UNIX,v1=HEX`: HMAC-SHA256 under `secret` of the decimal time, a dot and the body.
    static func signature(_ body: [UInt8], secret: String, at time: Date) -> String {
        let stamp = String(Int64(time.timeIntervalSince1970))
        let mac = HMAC<SHA256>.authenticationCode(for: Array((stamp + ".").utf8) + body, using: SymmetricKey(data: Array(secret.utf8)))
        return "t=\(stamp),v1=\(Hex.encode(Array(mac)))"
    }

    /// The body for the tool: Slack-style `text` (with the finding's facts beside it), a PagerDuty Events v2
    /// trigger, or a ticket. Names, codes and counts only: a finding carries no prompt and no person's id.
    static func body(_ finding: DetectionFinding, format: DetectionResponseSettings.WebhookSettings.Format, ticket: Bool, containments: [String],
                     routingKey: String?) -> CanonicalJSON {
        let summary = "[\(finding.severity.name)] \(finding.ruleID): \(finding.description) (\(finding.subject.rawValue) \(finding.subjectValue), \(finding.count) event\(finding.count == 1 ? "" : "s"))"
        let facts: CanonicalJSON = .fields([
            "uid": .string(finding.uid), "rule": .string(finding.ruleID), "severity": .string(finding.severity.name),
            "description": .string(finding.description), "subject_kind": .string(finding.subject.rawValue), "subject": .string(finding.subjectValue),
            "tenant": finding.tenant.map(CanonicalJSON.string), "workload": finding.workload.map(CanonicalJSON.string),
            "scope": finding.scope.map { .int(Int64($0)) }, "first_seen": .string(AuditEvent.timestamp(finding.firstSeen)),
            "last_seen": .string(AuditEvent.timestamp(finding.lastSeen)), "event_count": .int(Int64(finding.count)),
            "containments": .array(containments.map(CanonicalJSON.string)),
        ])
        switch format {
        case .slack:
            let contained = containments.isEmpty ? "" : "\ncontained: \(containments.joined(separator: ", "))"
            return .object(["text": .string((ticket ? "Ticket: " : "") + summary + contained), "finding": facts])
        case .ticket:
            return .object([
                "title": .string("\(finding.ruleID) on \(finding.subject.rawValue) \(finding.subjectValue)"),
                "description": .string(summary + (containments.isEmpty ? "" : "\nContainments: \(containments.joined(separator: ", "))")
                    + "\nLift with: rampart containments lift ID"),
                "severity": .string(finding.severity.name), "labels": .array(["rampart", finding.ruleID].map(CanonicalJSON.string)), "finding": facts,
            ])
        case .pagerduty:
            let severity = switch finding.severity {
            case .critical: "critical"
            case .high: "error"
            case .medium: "warning"
            case .low, .informational: "info"
            }
            return .fields([
                "routing_key": routingKey.map(CanonicalJSON.string), "event_action": .string("trigger"), "dedup_key": .string(finding.uid),
                "payload": .fields([
                    "summary": .string(String(summary.prefix(1024))), "severity": .string(severity), "source": .string("rampart"),
                    "component": finding.workload.map(CanonicalJSON.string), "class": .string(finding.ruleID), "custom_details": facts,
                ]),
            ])
        }
    }
}
