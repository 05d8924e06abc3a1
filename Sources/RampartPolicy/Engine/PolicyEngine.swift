/// Rampart's authorization: a pure, total function of principal, action, resource and request facts.
///
/// Default deny; any applying forbid wins over every permit; the decision names the rules that decided.
/// Rules are indexed by action when the engine is built, so a decision looks only at rules that can apply, and
/// are held by reference, so a decision copies none of them.
public struct PolicyEngine: Sendable {
    public let rules: [PolicyRule]
    private let byAction: [Action: [Entry]]
    private let all: [Entry]

    /// A rule's parts as the evaluation reads them, held by reference.
    final class Entry: Sendable {
        let id: String
        let effect: PolicyRule.Effect
        let alert: Bool
        let principals: PrincipalPattern
        let resources: ResourcePattern
        let when: [Condition]
        let unless: [Condition]
        let actions: [ActionPattern]

        init(_ rule: PolicyRule) {
            id = rule.id
            effect = rule.effect
            alert = rule.alert
            principals = rule.principals
            resources = rule.resources
            when = rule.when
            unless = rule.unless
            actions = rule.actions
        }
    }

    public init(rules: [PolicyRule]) {
        self.rules = rules
        let entries = rules.map(Entry.init)
        self.all = entries
        var index: [Action: [Entry]] = [:]
        for action in Action.all {
            index[action] = entries.filter { entry in entry.actions.contains(where: { $0.matches(action) }) }
        }
        self.byAction = index
    }

    /// Decides whether `principal` may do `action` to `resource`. Never throws; anything not permitted is denied.
    public func authorize(_ principal: Principal, _ action: Action, _ resource: Resource, _ facts: RequestFacts) -> Decision {
        var decision = Decision(allowed: false, action: action, resource: resource, permittedBy: [], forbiddenBy: [], alerts: [])
        guard !principal.disabled else { return decision }
        var alerts: [String] = []
        let indexed = byAction[action]
        for entry in indexed ?? all {
            // Indexed entries match the action already; the rest are checked here.
            guard indexed != nil || entry.actions.contains(where: { $0.matches(action) }),
                  entry.principals.matches(principal), entry.resources.matches(resource),
                  entry.when.allSatisfy({ $0.holds(principal, resource, facts) }),
                  !entry.unless.contains(where: { $0.holds(principal, resource, facts) })
            else { continue }
            switch entry.effect {
            case .forbid: decision.forbiddenBy.append(entry.id)
            case .permit:
                decision.permittedBy.append(entry.id)
                if entry.alert { alerts.append(entry.id) }
            }
        }
        decision.allowed = decision.forbiddenBy.isEmpty && !decision.permittedBy.isEmpty
        if decision.allowed { decision.alerts = alerts }
        return decision
    }
}
