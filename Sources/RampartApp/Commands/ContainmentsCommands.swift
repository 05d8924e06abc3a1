import Foundation
import RampartCore
import RampartDetection
import RampartPolicy

/// `rampart containments list|lift`: the measures the response imposed, and the administrator's undo. Lifting is an
/// admin action in the audit log; a running gateway drops the measure on its next detection pass (about a second).
public enum ContainmentsCommands {
    public static func list(all: Bool, context: RampartContext) async throws -> CommandOutput {
        let now = context.clock.now
        let stored = try await context.withStorage { try await ContainmentStore(database: $0).list() }
        let shown = all ? stored : stored.filter { $0.inForce(at: now) }
        let rows = shown.map { s in
            let c = s.containment
            let state = s.liftedAt.map { "lifted \(StoredTime.text($0))" } ?? (c.inForce(at: now) ? "in force" : "expired")
            return [c.id, c.measure.rawValue + (c.requestsPerMinute.map { " (\($0)/min)" } ?? ""), c.target, c.tenant ?? "-",
                    StoredTime.text(c.imposedAt), c.until.map(StoredTime.text) ?? "until lifted", state, s.findingUID ?? "-"]
        }
        return CommandOutput(TextTable.render(["ID", "MEASURE", "TARGET", "TENANT", "IMPOSED", "UNTIL", "STATE", "FINDING"], rows)
            + "\(shown.count) containment(s)\(all ? "" : " in force (--all shows lifted and expired ones too)")\n")
    }

    /// Lifts a measure, recorded as an admin action.
    public static func lift(id: String, note: String?, context: RampartContext) async throws -> CommandOutput {
        let action = OperatorAction("containment.lift", object: ["containment": .string(id)])
        return try await KeysCommands.withHierarchy(context) { _, database, trail in
            try await trail.record(action) { action in
                guard let stored = try await ContainmentStore(database: database).lift(id: id, by: "local-operator:\(getuid())", note: note, at: context.clock.now)
                else { throw InputErrors(InputError(.invalidValue, "no containment '\(id)' (rampart containments list --all shows them)")) }
                action.object["measure"] = .string(stored.containment.measure.rawValue)
                action.object["target"] = .string(stored.containment.target)
                if let lifted = stored.liftedAt { return CommandOutput("\(id) was already lifted at \(StoredTime.text(lifted))\n") }
                return CommandOutput("\(id) lifted: \(stored.containment.measure.rawValue) of \(stored.containment.target) no longer applies"
                    + " (a running gateway drops it within a detection pass)\n")
            }
        }
    }
}
