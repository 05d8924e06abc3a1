public import RampartCore
public import RampartYAML
import Yams

/// A CloudFormation template (YAML with its short-form tags, or JSON) read into declared resources, with `Ref`,
/// `Fn::GetAtt`, `Fn::Sub`, `Fn::Join`, `Fn::If`, `Fn::Select`, `Fn::Split` and `Fn::FindInMap` resolved where
/// parameters (their defaults, or values given) and conditions make them known. A resource whose condition is false
/// is left out; one whose condition cannot be known is kept.
public enum CloudFormationTemplate {
    /// True when the document looks like a template: a `Resources` mapping of typed resources, or the format version.
    public static func recognizes(_ document: TemplateValue) -> Bool {
        if document["AWSTemplateFormatVersion"] != nil { return true }
        guard case .object(let resources)? = document["Resources"] else { return false }
        return resources.values.contains { $0["Type"]?.string?.hasPrefix("AWS::") == true }
    }

    /// Reads one template.
    /// - Parameter parameters: values for the template's parameters, over their defaults (`--parameter Name=Value`).
    public static func read(_ source: YAMLSource, parameters given: [String: String] = [:]) throws(InputErrors) -> [DeclaredResource] {
        let node = try source.singleDocument()
        let document = try TemplateValue.from(yaml: node, file: source.file)
        return try resources(of: document, lines: resourceLines(node), file: source.file, parameters: given)
    }

    static func resources(of document: TemplateValue, lines: [String: Int], file: String, parameters given: [String: String]) throws(InputErrors) -> [DeclaredResource] {
        guard case .object(let declared)? = document["Resources"] else {
            throw InputErrors(InputError(.missingValue, "a CloudFormation template needs a Resources mapping", at: SourceLocation(file: file, keyPath: "Resources")))
        }
        let resolver = IntrinsicResolver(document: document, given: given, resources: Set(declared.keys))
        var out: [DeclaredResource] = []
        for (name, resource) in declared.sorted(by: { (lines[$0.key] ?? 0, $0.key) < (lines[$1.key] ?? 0, $1.key) }) {
            guard let type = resource["Type"]?.string else {
                throw InputErrors(InputError(.missingValue, "the resource has no Type", at: SourceLocation(file: file, line: lines[name], keyPath: "Resources.\(name).Type")))
            }
            if let condition = resource["Condition"]?.string, resolver.condition(condition) == false { continue }
            let properties = resource["Properties"].map { resolver.resolve($0) ?? .object([:]) } ?? .object([:])
            out.append(DeclaredResource(type: type, name: name, properties: properties, location: ResourceLocation(file: file, line: lines[name])))
        }
        return out
    }

    /// The line each resource's logical id is written on.
    static func resourceLines(_ node: Node) -> [String: Int] {
        guard case .mapping(let root) = node, let resources = root.first(where: { $0.key.string == "Resources" })?.value,
              case .mapping(let mapping) = resources
        else { return [:] }
        var lines: [String: Int] = [:]
        for (key, _) in mapping { if let name = key.string, let line = key.mark?.line { lines[name] = line } }
        return lines
    }
}
