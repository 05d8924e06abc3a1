import RampartCore
import Yams

extension TemplateValue {
    /// The most nodes one document may expand to (aliases share nodes, so a small file can describe a huge tree).
    static let maximumNodes = 2_000_000
    static let maximumDepth = 200

    /// Converts a YAML node, writing CloudFormation's short forms as their long forms: `!Ref X` becomes
    /// `{"Ref": "X"}`, `!GetAtt A.B` becomes `{"Fn::GetAtt": ["A", "B"]}`, `!Sub ...` becomes `{"Fn::Sub": ...}`.
    static func from(yaml node: Node, file: String) throws(InputErrors) -> TemplateValue {
        var budget = maximumNodes
        return try convert(node, file: file, depth: 0, budget: &budget)
    }

    private static func convert(_ node: Node, file: String, depth: Int, budget: inout Int) throws(InputErrors) -> TemplateValue {
        budget -= 1
        guard budget >= 0, depth <= maximumDepth else {
            throw InputErrors(InputError(.tooLarge, "the document is nested deeper than \(maximumDepth) levels or expands to more than \(maximumNodes) values",
                                         at: SourceLocation(file: file, line: node.mark?.line)))
        }
        let plain: TemplateValue
        switch node {
        case .scalar(let scalar):
            plain = scalarValue(scalar, tag: node.tag.rawValue)
        case .sequence(let sequence):
            var items: [TemplateValue] = []
            items.reserveCapacity(sequence.count)
            for item in sequence { items.append(try convert(item, file: file, depth: depth + 1, budget: &budget)) }
            plain = .array(items)
        case .mapping(let mapping):
            var fields: [String: TemplateValue] = [:]
            for (key, value) in mapping {
                guard let name = key.string else {
                    throw InputErrors(InputError(.wrongType, "a mapping key must be a string", at: SourceLocation(file: file, line: key.mark?.line)))
                }
                fields[name] = try convert(value, file: file, depth: depth + 1, budget: &budget)
            }
            plain = .object(fields)
        case .alias:
            plain = .unknown
        }
        let tag = node.tag.rawValue
        guard tag.hasPrefix("!"), !tag.hasPrefix("!!") else { return plain }
        let function = String(tag.dropFirst())
        switch function {
        case "Ref", "Condition":
            return .object([function: plain])
        case "GetAtt":
            if case .string(let dotted) = plain, let dot = dotted.firstIndex(of: ".") {
                return .object(["Fn::GetAtt": .array([.string(String(dotted[..<dot])), .string(String(dotted[dotted.index(after: dot)...]))])])
            }
            return .object(["Fn::GetAtt": plain])
        default:
            return .object(["Fn::\(function)": plain])
        }
    }

    private static func scalarValue(_ scalar: Node.Scalar, tag: String) -> TemplateValue {
        let text = scalar.string
        guard scalar.style == .plain else { return .string(text) }
        switch tag {
        case Tag.Name.null.rawValue: return .null
        case Tag.Name.bool.rawValue: return Bool.construct(from: scalar).map(TemplateValue.bool) ?? .string(text)
        case Tag.Name.int.rawValue, Tag.Name.float.rawValue:
            // Account ids and similar keep their text ("012345678901" is not 12345678901).
            if text.hasPrefix("0"), text.count > 1, !text.hasPrefix("0.") { return .string(text) }
            return Double.construct(from: scalar).map(TemplateValue.number) ?? .string(text)
        default: return .string(text)
        }
    }
}
