/// Rampart's authorization: a pure, total function of principal, action, resource and request facts.
///
/// Default deny; any applying forbid wins over every permit; the decision names the rules that decided.
/// Rules are indexed by action when the engine is built, so a decision looks only at rules that can apply.
public struct PolicyEngine: Sendable {
    public let rules: [PolicyRule]
    private let byAction: [Action: [Int]]

    /// An engine over the built-in rules followed by `rules`.
    public init(rules: [PolicyRule]) {
        self.rules = rules
        var index: [Action: [Int]] = [:]
        for action in Action.all {
            index[action] = rules.indices.filter { i in rules[i].actions.contains(where: { $0.matches(action) }) }
        }
        self.byAction = index
    }

    /// Decides whether `principal` may do `action` to `resource`. Never throws; anything not permitted is denied.
    public func authorize(_ principal: Principal, _ action: Action, _ resource: Resource, _ facts: RequestFacts) -> Decision {
        var decision = Decision(allowed: false, action: action, resource: resource, permittedBy: [], forbiddenBy: [], alerts: [])
        guard !principal.disabled else { return decision }
        let candidates = byAction[action] ?? Array(rules.indices)
        var alerts: [String] = []
        for i in candidates {
            let rule = rules[i]
            guard rule.matches(principal, action, resource),
                  rule.when.allSatisfy({ $0.holds(principal, resource, facts) }),
                  !rule.unless.contains(where: { $0.holds(principal, resource, facts) })
            else { continue }
            switch rule.effect {
            case .forbid: decision.forbiddenBy.append(rule.id)
            case .permit:
                decision.permittedBy.append(rule.id)
                if rule.alert { alerts.append(rule.id) }
            }
        }
        decision.allowed = decision.forbiddenBy.isEmpty && !decision.permittedBy.isEmpty
        if decision.allowed { decision.alerts = alerts }
        return decision
    }
}
