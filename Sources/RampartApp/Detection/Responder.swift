import Foundation
import Logging
import RampartAudit
import RampartDetection
import RampartGateway
import RampartPolicy

/// Answers new findings with the playbooks: imposes their containments (stored, and on this gateway's board at
/// once), then posts their notifications and tickets, and records every step as an `admin_action` of the actor
/// `rampart-response` with its outcome (`success`, `dry_run`, `skipped`, `failure`). Containments come before
/// webhooks whatever their order in the playbook, so a slow or failing webhook never delays containment.
struct Responder: Sendable {
    let playbooks: [Playbook]
    let containments: ContainmentStore
    let board: ContainmentBoard
    let webhooks: [String: FindingWebhook]
    let audit: @Sendable (AuditEvent) async throws(AuditError) -> Void
    let now: @Sendable () -> Date
    let logger: Logger

    /// Answers each finding; returns the containments imposed.
    @discardableResult
    func respond(to findings: [DetectionFinding]) async -> [Containment] {
        var imposed: [Containment] = []
        for finding in findings {
            let plan = ResponsePlan(for: finding, playbooks: playbooks, at: now())
            guard !plan.steps.isEmpty else { continue }
            var contained: [String] = []
            for step in plan.steps {
                switch step.effect {
                case .impose(let measure):
                    guard !step.dryRun else { await record(step, finding, measure: measure, outcome: "dry_run"); continue }
                    do {
                        if try await containments.impose(measure, finding: finding.uid, playbook: step.playbook) {
                            board.impose([measure])
                            imposed.append(measure)
                            logger.warning("containment imposed", metadata: [
                                "containment": "\(measure.id)", "measure": "\(measure.measure.rawValue)", "finding": "\(finding.uid)", "playbook": "\(step.playbook)",
                            ])
                        }
                        contained.append(measure.id)
                        await record(step, finding, measure: measure, outcome: "success")
                    } catch {
                        logger.error("containment not imposed", metadata: ["finding": "\(finding.uid)", "playbook": "\(step.playbook)", "error": "\(type(of: error))"])
                        await record(step, finding, measure: measure, outcome: "failure", code: "storage.unavailable")
                    }
                case .skip(let reason):
                    await record(step, finding, outcome: "skipped", detail: reason)
                case .notify:
                    continue
                }
            }
            for step in plan.steps {
                guard case .notify(let name, let ticket) = step.effect else { continue }
                guard !step.dryRun else { await record(step, finding, webhook: name, outcome: "dry_run"); continue }
                guard let webhook = webhooks[name] else {
                    await record(step, finding, webhook: name, outcome: "failure", code: "webhook.unknown")
                    continue
                }
                switch await webhook.post(finding, ticket: ticket, containments: contained) {
                case .delivered(let attempts):
                    await record(step, finding, webhook: name, outcome: "success", attempts: attempts)
                case .failed(let attempts, let reason):
                    logger.error("webhook not delivered", metadata: ["webhook": "\(name)", "finding": "\(finding.uid)", "attempts": "\(attempts)", "reason": "\(reason)"])
                    await record(step, finding, webhook: name, outcome: "failure", code: "webhook.undelivered", detail: reason, attempts: attempts)
                }
            }
        }
        return imposed
    }

    private func record(_ step: ResponsePlan.Step, _ finding: DetectionFinding, measure: Containment? = nil, webhook: String? = nil, outcome: String,
                        code: String? = nil, detail: String? = nil, attempts: Int? = nil) async {
        let event = AuditEvent(response: step, finding: finding, measure: measure, webhook: webhook, outcome: outcome, code: code, detail: detail,
                               attempts: attempts, time: now())
        do throws(AuditError) { try await audit(event) } catch {
            logger.error("response action not recorded", metadata: ["action": "\(step.action)", "finding": "\(finding.uid)", "code": "\(error.code.rawValue)"])
        }
    }
}
