/// One rule of a policy: who, doing what, to which resources, under which conditions; permit or forbid.
///
/// A rule applies when its principal, action and resource patterns all match, every `when` condition holds and
/// no `unless` condition holds. Evaluation is total: default deny, and any applying forbid wins over any permit.
public struct PolicyRule: Sendable, Hashable, Identifiable {
    public enum Effect: String, Sendable, Hashable, Codable, CaseIterable { case permit, forbid }

    public var id: String
    public var effect: Effect
    public var description: String
    public var principals: PrincipalPattern
    public var actions: [ActionPattern]
    public var resources: ResourcePattern
    public var when: [Condition]
    public var unless: [Condition]
    /// Whether each use must raise an alert (break-glass access).
    public var alert: Bool

    public init(id: String, effect: Effect, description: String = "", principals: PrincipalPattern = PrincipalPattern(),
                actions: [ActionPattern], resources: ResourcePattern = ResourcePattern(), when: [Condition] = [],
                unless: [Condition] = [], alert: Bool = false) {
        self.id = id
        self.effect = effect
        self.description = description
        self.principals = principals
        self.actions = actions
        self.resources = resources
        self.when = when
        self.unless = unless
        self.alert = alert
    }
}

/// Which principals a rule is about. Each non-empty list must match (any of its entries); all empty: everyone.
public struct PrincipalPattern: Sendable, Hashable {
    public var ids: Set<String>
    public var roles: Set<String>
    public var groups: Set<String>
    public var kinds: Set<Principal.Kind>

    public init(ids: Set<String> = [], roles: Set<String> = [], groups: Set<String> = [], kinds: Set<Principal.Kind> = []) {
        self.ids = ids
        self.roles = roles
        self.groups = groups
        self.kinds = kinds
    }

    func matches(_ principal: Principal) -> Bool {
        (ids.isEmpty || ids.contains(principal.id))
            && (roles.isEmpty || !roles.isDisjoint(with: principal.roles))
            && (groups.isEmpty || !groups.isDisjoint(with: principal.groups))
            && (kinds.isEmpty || kinds.contains(principal.kind))
    }
}

/// Which resources a rule is about: kinds and ids (`*` in an id matches any run of characters); empty lists match all.
public struct ResourcePattern: Sendable, Hashable {
    public var kinds: Set<Resource.Kind>
    public var ids: [String]
    public var workloads: [String]

    public init(kinds: Set<Resource.Kind> = [], ids: [String] = [], workloads: [String] = []) {
        self.kinds = kinds
        self.ids = ids
        self.workloads = workloads
    }

    func matches(_ resource: Resource) -> Bool {
        (kinds.isEmpty || kinds.contains(resource.kind))
            && (ids.isEmpty || ids.contains(where: { Self.glob($0, resource.id) }))
            && (workloads.isEmpty || workloads.contains(where: { pattern in resource.workload.map { Self.glob(pattern, $0) } ?? false }))
    }

    /// Whether `value` matches `pattern`, where each `*` stands for any run of characters (`model:*`, `*/vault`).
    static func glob(_ pattern: String, _ value: String) -> Bool {
        // On bytes: a String argument would go through Foundation's search, on every rule of every decision.
        guard pattern.utf8.contains(UInt8(ascii: "*")) else { return pattern == value }
        let p = Array(pattern), v = Array(value)
        // Greedy matching with one backtrack point: the last star seen and where its run ended.
        var i = 0, j = 0, star = -1, resume = 0
        while j < v.count {
            if i < p.count, p[i] != "*", p[i] == v[j] {
                i += 1
                j += 1
            } else if i < p.count, p[i] == "*" {
                star = i
                resume = j
                i += 1
            } else if star >= 0 {
                i = star + 1
                resume += 1
                j = resume
            } else {
                return false
            }
        }
        while i < p.count, p[i] == "*" { i += 1 }
        return i == p.count
    }
}
