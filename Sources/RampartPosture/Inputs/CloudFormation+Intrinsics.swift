import Foundation

/// Resolves CloudFormation's intrinsic functions as far as the template and the given parameters allow. Pure; a
/// reference to a resource becomes `.reference(logicalId)`, and inside a string `${LogicalId}`; what depends on the
/// deployment (an unknown parameter, `AWS::AccountId`, an import) stays visible as `${Name}` in strings and is
/// `.unknown` elsewhere.
struct IntrinsicResolver {
    var parameters: [String: TemplateValue]
    var conditions: [String: TemplateValue]
    var mappings: TemplateValue
    var resources: Set<String>

    static let pseudo: [String: TemplateValue] = ["AWS::Partition": .string("aws"), "AWS::URLSuffix": .string("amazonaws.com")]
    static let maximumDepth = 64

    /// - Parameter defaults: whether parameters not given take their defaults (property values: the default
    ///   deployment) or stay unknown (whether a resource exists at all: any deployment).
    init(document: TemplateValue, given: [String: String], resources: Set<String>, defaults: Bool = true) {
        var parameters: [String: TemplateValue] = [:]
        if case .object(let declared)? = document["Parameters"] {
            for (name, parameter) in declared {
                let list = parameter["Type"]?.string.map { $0.hasPrefix("List<") || $0 == "CommaDelimitedList" } ?? false
                let raw: TemplateValue? = given[name].map(TemplateValue.string) ?? (defaults ? parameter["Default"] : nil)
                guard let raw else { continue }
                if list, let text = raw.string {
                    parameters[name] = .array(text.split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces)) })
                } else {
                    parameters[name] = raw
                }
            }
        }
        for (name, value) in given where parameters[name] == nil { parameters[name] = .string(value) }
        self.parameters = parameters
        if case .object(let declared)? = document["Conditions"] { conditions = declared } else { conditions = [:] }
        mappings = document["Mappings"] ?? .null
        self.resources = resources
    }

    /// The resolved value; nil for `AWS::NoValue` (the property is left out).
    func resolve(_ value: TemplateValue, depth: Int = 0) -> TemplateValue? {
        guard depth < Self.maximumDepth else { return .unknown }
        switch value {
        case .array(let items):
            return .array(items.compactMap { resolve($0, depth: depth + 1) })
        case .object(let fields):
            if fields.count == 1, let (name, argument) = fields.first, name == "Ref" || name.hasPrefix("Fn::") {
                return function(name, argument, depth: depth + 1)
            }
            var out: [String: TemplateValue] = [:]
            for (key, field) in fields { if let resolved = resolve(field, depth: depth + 1) { out[key] = resolved } }
            return .object(out)
        default:
            return value
        }
    }

    private func function(_ name: String, _ argument: TemplateValue, depth: Int) -> TemplateValue? {
        switch name {
        case "Ref":
            guard let target = argument.string else { return .unknown }
            if target == "AWS::NoValue" { return nil }
            if resources.contains(target) { return .reference(target) }
            return parameters[target] ?? Self.pseudo[target] ?? .unknown
        case "Fn::GetAtt":
            let parts = argument.list.compactMap(\.string)
            guard let target = parts.first, resources.contains(target) else { return .unknown }
            return .reference(target)
        case "Fn::Sub":
            return substitute(argument, depth: depth)
        case "Fn::Join":
            let parts = argument.list
            guard parts.count == 2, let separator = parts[0].string, let items = resolve(parts[1], depth: depth) else { return .unknown }
            guard case .array(let list) = items else { return .unknown }
            return .string(list.map { Self.text($0) }.joined(separator: separator))
        case "Fn::If":
            let parts = argument.list
            guard parts.count == 3, let condition = parts[0].string else { return .unknown }
            switch self.condition(condition, depth: depth) {
            case true?: return resolve(parts[1], depth: depth)
            case false?: return resolve(parts[2], depth: depth)
            case nil: return .unknown
            }
        case "Fn::Select":
            let parts = argument.list
            guard parts.count == 2, let index = resolve(parts[0], depth: depth)?.number.map(Int.init),
                  case .array(let list)? = resolve(parts[1], depth: depth), list.indices.contains(index)
            else { return .unknown }
            return list[index]
        case "Fn::Split":
            let parts = argument.list
            guard parts.count == 2, let separator = parts[0].string, !separator.isEmpty,
                  case .string(let text)? = resolve(parts[1], depth: depth), !text.contains("${")
            else { return .unknown }
            return .array(text.components(separatedBy: separator).map(TemplateValue.string))
        case "Fn::FindInMap":
            let keys = argument.list.compactMap { resolve($0, depth: depth)?.string }
            guard keys.count == 3, let found = mappings[keys[0]]?[keys[1]]?[keys[2]] else { return .unknown }
            return found
        case "Fn::Base64", "Fn::ToJsonString":
            return resolve(argument, depth: depth)
        case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or":
            return evaluate(.object([name: argument]), depth: depth).map(TemplateValue.bool) ?? .unknown
        default:
            // Fn::ImportValue, Fn::GetAZs, Fn::Cidr, Fn::Length, Fn::Transform: known only when deployed.
            return .unknown
        }
    }

    /// `Fn::Sub` with its `${Name}`, `${Resource.Attribute}` and `${!Literal}` forms.
    private func substitute(_ argument: TemplateValue, depth: Int) -> TemplateValue {
        var template: String
        var variables: [String: TemplateValue] = [:]
        switch argument {
        case .string(let text): template = text
        case .array(let parts) where parts.count == 2:
            guard let text = parts[0].string else { return .unknown }
            template = text
            if case .object(let declared) = parts[1] {
                for (key, value) in declared { variables[key] = resolve(value, depth: depth) ?? .string("") }
            }
        default: return .unknown
        }
        var out = ""
        while let open = template.range(of: "${") {
            out += template[..<open.lowerBound]
            guard let close = template[open.upperBound...].firstIndex(of: "}") else { out += template[open.lowerBound...]; template = ""; break }
            let name = String(template[open.upperBound..<close])
            template = String(template[template.index(after: close)...])
            if name.hasPrefix("!") { out += "${" + name.dropFirst() + "}"; continue }
            if let value = variables[name] { out += Self.text(value); continue }
            let head = String(name.split(separator: ".", maxSplits: 1).first ?? "")
            if resources.contains(head) { out += "${\(name)}"; continue }
            out += (parameters[name] ?? Self.pseudo[name]).map { Self.text($0) } ?? "${\(name)}"
        }
        out += template
        if out.hasPrefix("${"), out.hasSuffix("}"), let head = out.dropFirst(2).split(separator: ".").first, resources.contains(String(head)),
           !out.dropFirst(2).contains("$") {
            return .reference(String(head))
        }
        return .string(out)
    }

    /// A value written into a string: a reference as `${Name}`, what is not known as `${?}`.
    static func text(_ value: TemplateValue) -> String {
        switch value {
        case .reference(let name): "${\(name)}"
        case .array(let items): items.map { text($0) }.joined(separator: ",")
        default: value.string ?? "${?}"
        }
    }

    /// A named condition's truth, nil when it depends on what is not known.
    func condition(_ name: String, depth: Int = 0) -> Bool? {
        guard let body = conditions[name] else { return nil }
        return evaluate(body, depth: depth + 1)
    }

    private func evaluate(_ value: TemplateValue, depth: Int) -> Bool? {
        guard depth < Self.maximumDepth, case .object(let fields) = value, fields.count == 1, let (name, argument) = fields.first else {
            return value.bool
        }
        let parts = argument.list
        switch name {
        case "Condition": return argument.string.flatMap { condition($0, depth: depth) }
        case "Fn::Equals":
            guard parts.count == 2, let left = resolve(parts[0], depth: depth), let right = resolve(parts[1], depth: depth),
                  let a = Self.comparable(left), let b = Self.comparable(right)
            else { return nil }
            return a == b
        case "Fn::Not":
            return parts.first.flatMap { evaluate($0, depth: depth + 1) }.map(!)
        case "Fn::And":
            let values = parts.map { evaluate($0, depth: depth + 1) }
            if values.contains(false) { return false }
            return values.contains(nil) ? nil : true
        case "Fn::Or":
            let values = parts.map { evaluate($0, depth: depth + 1) }
            if values.contains(true) { return true }
            return values.contains(nil) ? nil : false
        default:
            return nil
        }
    }

    private static func comparable(_ value: TemplateValue) -> String? {
        guard let text = value.string, !text.contains("${") else { return nil }
        return text
    }
}
