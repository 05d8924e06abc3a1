public import RampartCore
public import RampartYAML

/// Reads the operator's policy file: decoded strictly, then validated with every problem reported at once
/// (file, line, column and key path), so a policy with errors is never half applied.
public enum PolicyLoader {
    public static let flags: [String: Condition] = [
        "clearance_covers_resource": .clearanceCoversResource, "same_tenant": .sameTenant, "mfa": .multiFactor,
        "workload_granted": .workloadGranted, "within_credential_scope": .withinCredentialScope,
        "break_glass_active": .breakGlassActive, "break_glass_in_effect": .breakGlassInEffect,
    ]
    static let weekdays = ["mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7]

    public static func load(path: String) throws(InputErrors) -> [PolicyRule] {
        try load(YAMLSource.read(path: path))
    }

    public static func load(_ source: YAMLSource) throws(InputErrors) -> [PolicyRule] {
        let root = try source.singleDocument()
        let document = try StrictYAMLDecoder().decode(PolicyDocument.self, from: root, file: source.file)
        switch translate(document) {
        case .success(let rules): return rules
        case .failure(let problems): throw InputErrors(problems.problems.map { $0.inputError(in: root, file: source.file) })
        }
    }

    struct Problems: Error { var problems: [LocatedProblem] }

    static func translate(_ document: PolicyDocument) -> Result<[PolicyRule], Problems> {
        var problems: [LocatedProblem] = []
        var seen: Set<String> = []
        var rules: [PolicyRule] = []
        for (i, spec) in document.rules.enumerated() {
            let path = YAMLPath(["rules", .index(i)])
            func problem(_ code: InputError.Code, _ key: YAMLPath, _ message: String) { problems.append(LocatedProblem(code, at: key, message)) }
            if spec.id.isEmpty || spec.id.contains(where: { $0.isWhitespace }) {
                problem(.invalidValue, path.key("id"), "a rule id is a non-empty word")
            } else if spec.id.hasPrefix("builtin.") {
                problem(.invalidValue, path.key("id"), "ids starting with 'builtin.' are reserved for Rampart's own rules")
            } else if !seen.insert(spec.id).inserted {
                problem(.invalidValue, path.key("id"), "rule id '\(spec.id)' is used twice")
            }
            if spec.actions.isEmpty { problem(.missingValue, path.key("actions"), "a rule names at least one action") }
            for (j, action) in spec.actions.enumerated() where !ActionPattern(action).isKnown {
                problem(.invalidValue, path.key("actions").index(j),
                        "unknown action '\(action)'; known: \(Action.all.map(\.rawValue).joined(separator: ", ")), or noun:*, or *")
            }
            for (j, kind) in (spec.resources?.kinds ?? []).enumerated() where !Resource.Kind.all.map(\.rawValue).contains(kind) {
                problem(.invalidValue, path.key("resources").key("kinds").index(j),
                        "unknown resource kind '\(kind)'; known: \(Resource.Kind.all.map(\.rawValue).joined(separator: ", "))")
            }
            let when = conditions(spec.when ?? [], at: path.key("when"), &problems)
            let unless = conditions(spec.unless ?? [], at: path.key("unless"), &problems)
            let principals = spec.principals.map {
                PrincipalPattern(ids: Set($0.ids ?? []), roles: Set($0.roles ?? []), groups: Set($0.groups ?? []), kinds: Set($0.kinds ?? []))
            } ?? PrincipalPattern()
            if spec.effect == .permit, principals == PrincipalPattern(), spec.actions.contains("*") {
                problem(.invalidValue, path, "a permit of every action to every principal is not allowed; name roles, groups, kinds or ids")
            }
            rules.append(PolicyRule(
                id: spec.id, effect: spec.effect, description: spec.description ?? "", principals: principals,
                actions: spec.actions.map(ActionPattern.init),
                resources: ResourcePattern(kinds: Set((spec.resources?.kinds ?? []).map(Resource.Kind.init(rawValue:))),
                                           ids: spec.resources?.ids ?? [], workloads: spec.resources?.workloads ?? []),
                when: when, unless: unless, alert: spec.alert ?? false))
        }
        return problems.isEmpty ? .success(rules) : .failure(Problems(problems: problems))
    }

    static func conditions(_ specs: [PolicyDocument.ConditionSpec], at path: YAMLPath, _ problems: inout [LocatedProblem]) -> [Condition] {
        var result: [Condition] = []
        for (i, spec) in specs.enumerated() {
            let here = path.index(i)
            guard spec.keyCount == 1 else {
                problems.append(LocatedProblem(.invalidValue, at: here, "a condition is one name or a mapping with exactly one key"))
                continue
            }
            if let flag = spec.flag {
                if let condition = flags[flag] { result.append(condition) } else {
                    problems.append(LocatedProblem(.invalidValue, at: here,
                                                   "unknown condition '\(flag)'; known: \(flags.keys.sorted().joined(separator: ", "))"))
                }
            } else if let regions = spec.principalRegion {
                result.append(.principalRegion(Set(regions)))
            } else if let regions = spec.resourceRegion {
                result.append(.resourceRegion(Set(regions)))
            } else if let departments = spec.department {
                result.append(.department(Set(departments)))
            } else if let methods = spec.authenticatedBy {
                result.append(.authenticatedBy(Set(methods)))
            } else if let level = spec.classificationAtLeast {
                result.append(.classificationAtLeast(level))
            } else if let window = spec.timeWindow {
                let from = minutes(window.from), to = minutes(window.to)
                let days = (window.days ?? []).map { weekdays[$0.lowercased()] }
                if from == nil { problems.append(LocatedProblem(.invalidValue, at: here.key("time_window").key("from"), "expected HH:MM (UTC)")) }
                if to == nil { problems.append(LocatedProblem(.invalidValue, at: here.key("time_window").key("to"), "expected HH:MM (UTC)")) }
                for (j, day) in days.enumerated() where day == nil {
                    problems.append(LocatedProblem(.invalidValue, at: here.key("time_window").key("days").index(j), "expected mon, tue, wed, thu, fri, sat or sun"))
                }
                if let from, let to, from != to {
                    result.append(.timeWindow(TimeWindow(weekdays: Set(days.compactMap { $0 }), fromMinute: from, toMinute: to)))
                } else if from != nil, from == to {
                    problems.append(LocatedProblem(.invalidValue, at: here.key("time_window"), "from and to are the same minute"))
                }
            }
        }
        return result
    }

    static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
              (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        return h * 60 + m
    }
}
