public import Foundation
import RampartAudit
public import RampartCore
public import RampartIdentity
public import RampartPolicy
public import RampartStorage

/// `rampart principals`, `rampart apikeys`, `rampart budgets` and `rampart policy check`: the operator's side of
/// identity, with direct access to the database (the admin API is the remote side, under the policy engine).
public enum IdentityCommands {
    /// Opens storage, hands the stores to `body`, closes storage; directory refusals become input errors (exit 2).
    static func withStores(_ context: RampartContext, _ body: (PrincipalStore, APIKeyStore, BudgetLedger) async throws -> CommandOutput)
        async throws -> CommandOutput
    {
        do {
            return try await context.withStorage { database in
                let (principals, keys, budgets) = try IdentityAssembly.stores(context: context, database: database)
                return try await body(principals, keys, budgets)
            }
        } catch let error as IdentityError {
            throw InputErrors(InputError(.invalidValue, error.message))
        }
    }

    /// `withStores` for a change to the directory: made only when the audit log can record it, and recorded with its
    /// outcome. The change is described once `body` has looked up what it is about (a person's id is sealed).
    static func change(_ context: RampartContext, _ body: (PrincipalStore, APIKeyStore, BudgetLedger, OperatorTrail) async throws -> CommandOutput)
        async throws -> CommandOutput
    {
        do {
            return try await KeysCommands.withHierarchy(context) { _, database, trail in
                let (principals, keys, budgets) = try IdentityAssembly.stores(context: context, database: database)
                return try await body(principals, keys, budgets, trail)
            }
        } catch let error as IdentityError {
            throw InputErrors(InputError(.invalidValue, error.message))
        }
    }

    /// The action `name` on the principal `id`, as the audit log records it: a service or application by its id, a
    /// person only by kind and tenant in the clear, their id sealed under their key.
    static func action(_ name: String, on id: String, principals: PrincipalStore, object: [String: CanonicalJSON] = [:]) async throws
        -> OperatorAction
    {
        guard let principal = try await principals.principal(id: id) else {
            // Unknown: the id may be anyone's, so it is not recorded; the action fails as not found.
            return OperatorAction(name, object: object.merging(["principal_known": .bool(false)]) { a, _ in a })
        }
        return action(name, on: principal, object: object)
    }

    static func action(_ name: String, on principal: Principal, object: [String: CanonicalJSON] = [:]) -> OperatorAction {
        var object = object
        object["tenant"] = .string(principal.tenant)
        object["principal_kind"] = .string(principal.kind.rawValue)
        guard principal.kind == .user else {
            object["principal"] = .string(principal.id)
            return OperatorAction(name, object: object)
        }
        return OperatorAction(name, object: object,
                              personal: AuditEvent.Personal(tenant: principal.tenant, subject: principal.id, facts: ["principal": principal.id]))
    }

    /// The directory's stores over an open database (for tools and tests that manage identities in process).
    public static func stores(context: RampartContext, database: Database) throws(InputErrors) -> (PrincipalStore, APIKeyStore, BudgetLedger) {
        try IdentityAssembly.stores(context: context, database: database)
    }

    public static func addPrincipal(_ principal: Principal, context: RampartContext) async throws -> CommandOutput {
        for role in principal.roles where !BuiltinPolicies.roles.contains(role) {
            context.logger.notice("role has no built-in meaning", metadata: ["role": "\(role)"])
        }
        return try await change(context) { principals, _, _, trail in
            try await trail.record(action("principal.add", on: principal, object: ["roles": .array(principal.roles.sorted().map(CanonicalJSON.string))])) { _ in
                try await principals.create(principal)
            }
            return CommandOutput("added \(principal.kind.rawValue) \(principal.id) in tenant \(principal.tenant)\n")
        }
    }

    public static func listPrincipals(tenant: String?, context: RampartContext) async throws -> CommandOutput {
        try await withStores(context) { principals, _, _ in
            let rows = try await principals.list(tenant: tenant).map { p in
                [p.id, p.tenant, p.kind.rawValue, p.roles.sorted().joined(separator: ","), p.groups.sorted().joined(separator: ","),
                 p.attributes.clearance.rawValue, p.disabled ? "disabled" : "active"]
            }
            return CommandOutput(TextTable.render(["ID", "TENANT", "KIND", "ROLES", "GROUPS", "CLEARANCE", "STATE"], rows))
        }
    }

    public static func setDisabled(_ id: String, disabled: Bool, context: RampartContext) async throws -> CommandOutput {
        try await change(context) { principals, _, _, trail in
            try await trail.record(action(disabled ? "principal.disable" : "principal.enable", on: id, principals: principals)) { _ in
                guard var principal = try await principals.principal(id: id) else { throw IdentityError(.notFound, "no principal '\(id)'") }
                principal.disabled = disabled
                try await principals.update(principal)
            }
            let bound = context.configuration.identity.cacheSeconds
            return CommandOutput("\(id) \(disabled ? "disabled; every instance refuses it within \(bound) s" : "enabled")\n")
        }
    }

    public static func createKey(principal: String, name: String, scope: CredentialScope, expiresAt: Date?, context: RampartContext)
        async throws -> CommandOutput
    {
        try await change(context) { principals, keys, _, trail in
            let (key, record) = try await trail.record(action("apikey.create", on: principal, principals: principals)) { action in
                let created = try await keys.create(for: principal, name: name, scope: scope, expiresAt: expiresAt)
                action.identify("credential_id", created.1.id)
                return created
            }
            return CommandOutput("""
                \(key)
                id \(record.id), principal \(record.principalID), tenant \(record.tenant)\(expiresAt.map { ", expires \(StoredTime.text($0))" } ?? "")
                This is the only time the key is shown; Rampart keeps only its keyed hash.

                """)
        }
    }

    public static func listKeys(tenant: String?, context: RampartContext) async throws -> CommandOutput {
        try await withStores(context) { _, keys, _ in
            let rows = try await keys.list(tenant: tenant).map { k in
                [k.id, k.principalID, k.tenant, k.name, StoredTime.text(k.createdAt), k.expiresAt.map(StoredTime.text) ?? "-",
                 k.revokedAt.map { "revoked \(StoredTime.text($0))" } ?? "active", k.lastUsedAt.map(StoredTime.text) ?? "never"]
            }
            return CommandOutput(TextTable.render(["ID", "PRINCIPAL", "TENANT", "NAME", "CREATED", "EXPIRES", "STATE", "LAST USED"], rows))
        }
    }

    public static func revokeKey(_ id: String, context: RampartContext) async throws -> CommandOutput {
        try await change(context) { principals, keys, _, trail in
            // The key's id is recorded, with whom it belongs to, as any principal is (a person's sealed).
            let owner = try await keys.list(tenant: nil).first { $0.id == id }?.principalID
            var action = OperatorAction("apikey.revoke", object: ["principal_known": .bool(false)])
            if let owner { action = try await Self.action("apikey.revoke", on: owner, principals: principals) }
            action.identify("credential_id", id)
            try await trail.record(action) { _ in try await keys.revoke(id: id, tenant: nil) }
            return CommandOutput("\(id) revoked; every instance refuses it within \(context.configuration.identity.cacheSeconds) s\n")
        }
    }

    public static func setBudget(subject: String, tenant: String, limit: Double, currency: String, period: String, context: RampartContext)
        async throws -> CommandOutput
    {
        guard ["principal:", "team:", "tenant:"].contains(where: subject.hasPrefix) else {
            throw InputErrors(InputError(.invalidValue, "a budget subject is principal:ID, team:GROUP or tenant:ID"))
        }
        guard let period = Budget.Period(rawValue: period) else { throw InputErrors(InputError(.invalidValue, "period is monthly or total")) }
        guard (0...1e12).contains(limit) else { throw InputErrors(InputError(.invalidValue, "the limit is 0 to 10^12")) }
        return try await change(context) { principals, _, budgets, trail in
            let limitMicros = Int64((limit * 1_000_000).rounded())
            let terms: [String: CanonicalJSON] = ["limit_micros": .int(limitMicros), "currency": .string(currency), "period": .string(period.rawValue)]
            // A budget of a principal names the principal as any action does; a team's or tenant's is named in the clear.
            let action = if subject.hasPrefix("principal:") {
                try await action("budget.set", on: String(subject.dropFirst("principal:".count)), principals: principals, object: terms)
            } else {
                OperatorAction("budget.set", object: terms.merging(["tenant": .string(tenant), "budget_subject": .string(subject)]) { a, _ in a })
            }
            try await trail.record(action) { _ in
                try await budgets.set(subject: subject, tenant: tenant, currency: currency, limitMicros: limitMicros, period: period)
            }
            return CommandOutput("budget of \(subject): \(String(format: "%.2f", limit)) \(currency) \(period.rawValue)\n")
        }
    }

    public static func listBudgets(tenant: String?, context: RampartContext) async throws -> CommandOutput {
        try await withStores(context) { _, _, budgets in
            let rows = try await budgets.list(tenant: tenant).map { b in
                [b.subject, b.tenant, String(format: "%.2f", Double(b.limitMicros) / 1e6), String(format: "%.6f", Double(b.spentMicros) / 1e6),
                 b.currency, b.period.rawValue, b.periodStart]
            }
            return CommandOutput(TextTable.render(["SUBJECT", "TENANT", "LIMIT", "SPENT", "CURRENCY", "PERIOD", "SINCE"], rows))
        }
    }

    /// Explains a decision: the principal from the directory, the resource as described, the engine as configured.
    public static func check(principal id: String, action: String, resource: Resource, facts: AuthenticationFacts, context: RampartContext)
        async throws -> CommandOutput
    {
        guard Action.all.contains(Action(action)) else {
            throw InputErrors(InputError(.invalidValue, "unknown action '\(action)'; known: \(Action.all.map(\.rawValue).joined(separator: ", "))"))
        }
        let engine = try IdentityAssembly.engine(context: context)
        return try await withStores(context) { principals, _, _ in
            guard let principal = try await principals.principal(id: id) else { throw IdentityError(.notFound, "no principal '\(id)'") }
            let decision = engine.authorize(principal, Action(action), resource, RequestFacts(now: context.clock.now, authentication: facts))
            var lines = [decision.description]
            lines.append("principal: \(principal.id) (tenant \(principal.tenant), \(principal.kind.rawValue), roles \(principal.roles.sorted().joined(separator: ",")), clearance \(principal.attributes.clearance))")
            for id in decision.permittedBy + decision.forbiddenBy {
                if let rule = engine.rules.first(where: { $0.id == id }) { lines.append("  \(rule.effect.rawValue) \(rule.id): \(rule.description)") }
            }
            if !decision.alerts.isEmpty { lines.append("alert: every use of \(decision.alerts.joined(separator: ", ")) raises an alert") }
            return CommandOutput(lines.joined(separator: "\n") + "\n", exitCode: decision.allowed ? 0 : 1)
        }
    }

}

/// Times as the commands print them: ISO 8601 in UTC, to the second.
enum StoredTime {
    static func text(_ date: Date) -> String { date.formatted(.iso8601) }
}
