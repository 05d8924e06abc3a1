import Foundation
public import RampartCore
public import RampartYAML
import Yams

/// A CloudFormation template (YAML with its short-form tags, or JSON) read into declared resources, with `Ref`,
/// `Fn::GetAtt`, `Fn::Sub`, `Fn::Join`, `Fn::If`, `Fn::Select`, `Fn::Split` and `Fn::FindInMap` resolved where
/// parameters (their defaults, or values given) and conditions make them known. A resource is left out only when its
/// condition is false for the values given (`--parameter`): a default can be overridden when the stack is deployed,
/// so a resource that exists under some deployment is checked.
public enum CloudFormationTemplate {
    /// True when the document looks like a template: a `Resources` mapping of typed resources, or the format version.
    public static func recognizes(_ document: TemplateValue) -> Bool {
        if document["AWSTemplateFormatVersion"] != nil { return true }
        guard case .object(let resources)? = document["Resources"] else { return false }
        return resources.values.contains { $0["Type"]?.string?.hasPrefix("AWS::") == true }
    }

    /// Reads one template.
    /// - Parameter parameters: values for the template's parameters, over their defaults (`--parameter Name=Value`).
    /// - Returns: the resources, and what of the template could not be read (loops over collections known only when
    ///   deployed).
    public static func read(_ source: YAMLSource, parameters given: [String: String] = [:]) throws(InputErrors) -> InfrastructureFile.Contents {
        let node = try source.singleDocument()
        let document = try TemplateValue.from(yaml: node, file: source.file)
        return try resources(of: document, lines: resourceLines(node), file: source.file, parameters: given)
    }

    static func resources(of document: TemplateValue, lines: [String: Int], file: String, parameters given: [String: String]) throws(InputErrors) -> InfrastructureFile.Contents {
        guard case .object(var declared)? = document["Resources"] else {
            throw InputErrors(InputError(.missingValue, "a CloudFormation template needs a Resources mapping", at: SourceLocation(file: file, keyPath: "Resources")))
        }
        var notes: [String] = []
        var lines = lines
        let loopResolver = IntrinsicResolver(document: document, given: given, resources: [])
        declared = expandLoops(declared, resolver: loopResolver, lines: &lines, notes: &notes)
        let resolver = IntrinsicResolver(document: document, given: given, resources: Set(declared.keys))
        let existence = IntrinsicResolver(document: document, given: given, resources: Set(declared.keys), defaults: false)
        var out: [DeclaredResource] = []
        for (name, resource) in declared.sorted(by: { (lines[$0.key] ?? 0, $0.key) < (lines[$1.key] ?? 0, $1.key) }) {
            guard let type = resource["Type"]?.string else {
                throw InputErrors(InputError(.missingValue, "the resource has no Type", at: SourceLocation(file: file, line: lines[name], keyPath: "Resources.\(name).Type")))
            }
            if let condition = resource["Condition"]?.string, existence.condition(condition) == false { continue }
            let properties = resource["Properties"].map { resolver.resolve($0) ?? .object([:]) } ?? .object([:])
            out.append(DeclaredResource(type: type, name: name, properties: properties, location: ResourceLocation(file: file, line: lines[name])))
        }
        return InfrastructureFile.Contents(resources: out, notes: notes)
    }

    /// `Fn::ForEach::Name: [Identifier, Collection, {KeyTemplate: Resource}]` (the `AWS::LanguageExtensions`
    /// transform) expanded over its collection when the collection can be known; otherwise its resources are left
    /// out and named in `notes`, since what a scan cannot see it cannot vouch for.
    static func expandLoops(_ resources: [String: TemplateValue], resolver: IntrinsicResolver, lines: inout [String: Int], notes: inout [String], depth: Int = 0) -> [String: TemplateValue] {
        var out: [String: TemplateValue] = [:]
        for (key, value) in resources {
            guard key.hasPrefix("Fn::ForEach::") else { out[key] = value; continue }
            let parts = value.list
            guard depth < 5, parts.count == 3, let identifier = parts[0].string, case .object(let template) = parts[2],
                  case .array(let items)? = resolver.resolve(parts[1]), items.allSatisfy({ $0.string.map { !$0.contains("${") } ?? false })
            else {
                notes.append("\(key): the loop's collection is not known at scan time, so its resources were not checked")
                continue
            }
            for item in items.compactMap(\.string) {
                let alphanumeric = String(item.filter { $0.isLetter || $0.isNumber })
                var expanded: [String: TemplateValue] = [:]
                for (name, body) in template {
                    let concrete = name.replacingOccurrences(of: "${\(identifier)}", with: item).replacingOccurrences(of: "&{\(identifier)}", with: alphanumeric)
                    expanded[concrete] = substitute(body, identifier, item)
                    lines[concrete] = lines[key]
                }
                out.merge(expandLoops(expanded, resolver: resolver, lines: &lines, notes: &notes, depth: depth + 1)) { first, _ in first }
            }
        }
        return out
    }

    /// A loop's identifier replaced by one item: `!Ref Identifier` and `${Identifier}` in strings.
    static func substitute(_ value: TemplateValue, _ identifier: String, _ item: String) -> TemplateValue {
        switch value {
        case .string(let text): return .string(text.replacingOccurrences(of: "${\(identifier)}", with: item))
        case .array(let items): return .array(items.map { substitute($0, identifier, item) })
        case .object(let fields):
            if fields.count == 1, fields["Ref"]?.string == identifier { return .string(item) }
            return .object(fields.mapValues { substitute($0, identifier, item) })
        default: return value
        }
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
