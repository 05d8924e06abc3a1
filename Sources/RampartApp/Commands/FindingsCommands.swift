import Foundation
import RampartCore
public import RampartDetection

/// `rampart findings list|show|ack|resolve|suppress`: what the detections raised, and its lifecycle. Each change of
/// status is an admin action in the audit log.
public enum FindingsCommands {
    public static func list(statuses: [String], minimumSeverity: String?, context: RampartContext) async throws -> CommandOutput {
        var chosen: Set<FindingStore.Status>?
        if !statuses.isEmpty {
            chosen = Set(try statuses.map { name in
                guard let status = FindingStore.Status(rawValue: name) else {
                    throw InputErrors(InputError(.invalidValue, "--status is new, acknowledged, resolved or suppressed, not '\(name)'"))
                }
                return status
            })
        }
        var floor = DetectionRule.Severity.informational
        if let minimumSeverity {
            guard let level = DetectionRule.Severity.allCases.first(where: { $0.name == minimumSeverity }) else {
                throw InputErrors(InputError(.invalidValue, "--severity is informational, low, medium, high or critical, not '\(minimumSeverity)'"))
            }
            floor = level
        }
        let stored = try await context.withStorage { try await FindingStore(database: $0).list(statuses: chosen, minimumSeverity: floor) }
        let rows = stored.map { s in
            [s.uid, s.finding.severity.name, s.status.rawValue, s.finding.ruleID, "\(s.finding.subject.rawValue) \(s.finding.subjectValue)",
             s.finding.tenant ?? "-", StoredTime.text(s.finding.firstSeen), "\(s.finding.count)"]
        }
        return CommandOutput(TextTable.render(["UID", "SEVERITY", "STATUS", "RULE", "SUBJECT", "TENANT", "FIRST SEEN", "EVENTS"], rows)
            + "\(stored.count) finding(s)\n")
    }

    public static func show(uid: String, context: RampartContext) async throws -> CommandOutput {
        guard let s = try await context.withStorage({ try await FindingStore(database: $0).finding(uid: uid) }) else {
            throw InputErrors(InputError(.invalidValue, "no finding '\(uid)' (rampart findings list shows them)"))
        }
        let f = s.finding
        var lines = ["\(f.ruleID) (\(f.severity.name)): \(f.description)", "uid \(s.uid)", "status \(s.status.rawValue) since \(StoredTime.text(s.statusAt))"]
        if let note = s.statusNote { lines.append("note \(note)") }
        lines.append("subject \(f.subject.rawValue) \(f.subjectValue)" + (f.tenant.map { " in tenant \($0)" } ?? ""))
        if let workload = f.workload { lines.append("workload \(workload)" + (f.scope.map { " (scope \($0))" } ?? "")) }
        lines.append("\(f.count) event(s) from \(StoredTime.text(f.firstSeen)) to \(StoredTime.text(f.lastSeen)); raised by audit event \(f.eventID)")
        return CommandOutput(lines.joined(separator: "\n") + "\n")
    }

    /// Moves a finding to `status` (acknowledged, resolved, suppressed), recorded as an admin action.
    public static func setStatus(uid: String, status: FindingStore.Status, note: String?, context: RampartContext) async throws -> CommandOutput {
        let action = OperatorAction("finding.\(status.rawValue)", object: ["finding": .string(uid)])
        return try await KeysCommands.withHierarchy(context) { _, database, trail in
            try await trail.record(action) { _ in
                guard try await FindingStore(database: database).setStatus(uid: uid, status, note: note, at: context.clock.now) else {
                    throw InputErrors(InputError(.invalidValue, "no finding '\(uid)' (rampart findings list shows them)"))
                }
                return CommandOutput("\(uid) is \(status.rawValue)\n")
            }
        }
    }
}
