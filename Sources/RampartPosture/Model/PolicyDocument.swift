/// An IAM-style policy document (identity, resource, key or trust policy) reduced to what the rules read.
public struct PolicyDocument: Sendable, Hashable {
    public struct Statement: Sendable, Hashable {
        public var allows: Bool
        /// `Action`, or with `notAction` set, the `NotAction` list.
        public var actions: [String]
        public var notAction: Bool
        public var resources: [String]
        /// Principals as `AWS:arn`, `Service:name`, `Federated:...` or `*`.
        public var principals: [String]
        /// The condition block's operators and keys, flattened as `Operator:key=value` (values joined by `|`).
        public var conditions: [String]
    }

    public var statements: [Statement]

    /// Reads a document from a template value (an object, or JSON text), nil when there is none.
    public init?(_ value: TemplateValue?) {
        guard let value = value?.parsedIfJSONText, case .object = value, let list = value["Statement"] else { return nil }
        statements = list.list.map(Self.statement)
    }

    static func statement(_ value: TemplateValue) -> Statement {
        func strings(_ field: TemplateValue?) -> [String] {
            (field?.list ?? []).map { item in
                if let text = item.string { return text }
                if let name = item.referencedResource { return "${\(name)}" }
                return "${?}"
            }
        }
        let notAction = value["NotAction"] != nil
        var principals: [String] = []
        switch value["Principal"] {
        case .string(let star)?: principals = [star]
        case .object(let kinds)?:
            for (kind, ids) in kinds.sorted(by: { $0.key < $1.key }) { principals += strings(ids).map { "\(kind):\($0)" } }
        default: break
        }
        var conditions: [String] = []
        if case .object(let operators)? = value["Condition"] {
            for (op, keys) in operators.sorted(by: { $0.key < $1.key }) {
                guard case .object(let pairs) = keys else { continue }
                for (key, values) in pairs.sorted(by: { $0.key < $1.key }) {
                    conditions.append("\(op):\(key.lowercased())=\(strings(values).joined(separator: "|"))")
                }
            }
        }
        return Statement(
            allows: value["Effect"]?.string?.lowercased() != "deny",
            actions: strings(notAction ? value["NotAction"] : value["Action"]), notAction: notAction,
            resources: strings(value["Resource"] ?? value["NotResource"]), principals: principals, conditions: conditions)
    }
}

extension PolicyDocument.Statement {
    /// True when the statement grants `action` (wildcards in the statement's actions match, case-insensitively).
    public func grants(_ action: String) -> Bool {
        guard allows else { return false }
        let matched = actions.contains { Glob.matches($0, action) }
        return notAction ? !matched : matched
    }

    /// A principal that is anyone: `*` or `AWS:*`, unless a condition narrows it.
    public var hasWildcardPrincipal: Bool {
        principals.contains { $0 == "*" || $0.hasSuffix(":*") } && conditions.isEmpty
    }
}

/// Wildcard matching as IAM does it: `*` any run of characters, `?` one; case-insensitive.
enum Glob {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.lowercased().unicodeScalars), t = Array(text.lowercased().unicodeScalars)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == "?" || p[pi] == t[ti] { pi += 1; ti += 1 }
            else if pi < p.count, p[pi] == "*" { star = pi; mark = ti; pi += 1 }
            else if star >= 0 { pi = star + 1; mark += 1; ti = mark }
            else { return false }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
