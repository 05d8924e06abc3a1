import RampartAudit
import RampartKeys

extension AuditEvent {
    /// The audit event of a use of a key (a data subject's key is already named by the subject's keyed reference). A
    /// person using a key (break-glass) is `person` in the clear, their id sealed under their key like every personal
    /// fact, so the event reads as their keyed reference.
    init(keyUsage event: KeyUsageEvent) {
        let owner = event.owner
        let outcome: CanonicalJSON
        switch event.outcome {
        case .success: outcome = .object(["result": .string("success")])
        case .failure(let code): outcome = .object(["result": .string("failure"), "code": .string(code.rawValue)])
        }
        var caller = event.caller
        if event.callerIsPerson {
            caller = "person"
        } else if caller != "rampart" && caller != "local-operator" {
            caller = "principal:" + caller
        }
        var facts: [String: CanonicalJSON] = [
            "key": .fields(["tenant": .string(event.tenant), "owner": .string(owner), "purpose": event.purpose.map(CanonicalJSON.string),
                            "version": event.version.map { .int(Int64($0)) }]),
            "operation": .string(event.operation.rawValue),
            "outcome": outcome,
            "caller": .string(caller),
            "rules": .array(event.rules.map(CanonicalJSON.string)),
            "alert": .bool(event.alert),
        ]
        if let object = event.objectID { facts["object"] = .string(object) }
        let person = event.callerIsPerson ? Personal(tenant: event.tenant, subject: event.caller, facts: ["caller": event.caller]) : nil
        self.init(kind: .keyUsage, time: event.at, facts: facts, personal: person)
    }
}
