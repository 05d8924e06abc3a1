import Foundation
public import RampartCore

/// A Terraform plan in JSON (`terraform show -json PLAN`) read into declared resources: the planned values of every
/// managed resource in every module, with the attributes known only after apply marked `unknown`, and those whose
/// configuration refers to another resource (`bucket = aws_s3_bucket.data.id`) made references to its address, so
/// that a bucket and its encryption, policy and lifecycle resources can be put together. A policy taken from an
/// `aws_iam_policy_document` data source is replaced by the document's JSON.
public enum TerraformPlan {
    public static func recognizes(_ document: TemplateValue) -> Bool {
        document["planned_values"] != nil || (document["format_version"] != nil && document["terraform_version"] != nil)
    }

    public static func read(_ document: TemplateValue, file: String) throws(InputErrors) -> [DeclaredResource] {
        guard let root = document.at("planned_values", "root_module") else {
            throw InputErrors(InputError(.missingValue, "the plan has no planned_values.root_module (was it written by `terraform show -json`?)",
                                         at: SourceLocation(file: file, keyPath: "planned_values.root_module")))
        }
        var planned: [(address: String, type: String, values: TemplateValue)] = []
        collect(root, into: &planned)
        var data: [String: TemplateValue] = [:]
        var readDuringPlan: [(address: String, type: String, values: TemplateValue)] = []
        collect(root, into: &readDuringPlan, mode: "data")
        for resource in readDuringPlan { data[resource.address] = resource.values }
        if let prior = document.at("prior_state", "values", "root_module") {
            var read: [(address: String, type: String, values: TemplateValue)] = []
            collect(prior, into: &read, mode: "data")
            for resource in read { data[resource.address] = resource.values }
        }
        var unknown: [String: TemplateValue] = [:]
        for change in document["resource_changes"]?.list ?? [] {
            if let address = change["address"]?.string, let after = change.at("change", "after_unknown") { unknown[address] = after }
        }
        var expressions: [String: TemplateValue] = [:]
        if let configuration = document.at("configuration", "root_module") { collectExpressions(configuration, module: "", into: &expressions) }

        let addresses = Set(planned.map { unindexed($0.address) }).union(data.keys.map(unindexed))
        return planned.map { resource in
            var values = resource.values
            if let marks = unknown[resource.address] { values = markUnknown(values, marks) }
            let module = modulePrefix(resource.address)
            if let expression = expressions[unindexed(resource.address)] {
                values = link(values, expression) { references in
                    guard let target = target(of: references, module: module, addresses: addresses) else { return nil }
                    if target.hasPrefix("data.") || target.contains(".data.") {
                        return data.first { unindexed($0.key) == target }?.value["json"] ?? .unknown
                    }
                    return .reference(target)
                }
            }
            return DeclaredResource(type: resource.type, name: resource.address, properties: values, location: ResourceLocation(file: file))
        }
    }

    private static func collect(_ module: TemplateValue, into out: inout [(address: String, type: String, values: TemplateValue)], mode: String = "managed") {
        for resource in module["resources"]?.list ?? [] where resource["mode"]?.string ?? "managed" == mode {
            guard let address = resource["address"]?.string, let type = resource["type"]?.string else { continue }
            out.append((address, type, resource["values"] ?? .object([:])))
        }
        for child in module["child_modules"]?.list ?? [] { collect(child, into: &out, mode: mode) }
    }

    private static func collectExpressions(_ module: TemplateValue, module prefix: String, into out: inout [String: TemplateValue]) {
        for resource in module["resources"]?.list ?? [] {
            guard let address = resource["address"]?.string, let expressions = resource["expressions"] else { continue }
            out[prefix + address] = expressions
        }
        if case .object(let calls)? = module["module_calls"] {
            for (name, call) in calls {
                if let child = call["module"] { collectExpressions(child, module: prefix + "module.\(name).", into: &out) }
            }
        }
    }

    /// Attributes marked `true` in `after_unknown` become `unknown` (nested blocks mark their own attributes).
    static func markUnknown(_ values: TemplateValue, _ marks: TemplateValue) -> TemplateValue {
        switch (values, marks) {
        case (_, .bool(true)): return .unknown
        case (.object(var fields), .object(let flags)):
            for (key, flag) in flags {
                if let field = fields[key] { fields[key] = markUnknown(field, flag) } else if flag == .bool(true) { fields[key] = .unknown }
            }
            return .object(fields)
        case (.array(let items), .array(let flags)):
            return .array(items.enumerated().map { $0.offset < flags.count ? markUnknown($0.element, flags[$0.offset]) : $0.element })
        default: return values
        }
    }

    /// Replaces values not known at plan time by what their configuration refers to.
    static func link(_ values: TemplateValue, _ expression: TemplateValue, resolve: (TemplateValue) -> TemplateValue?) -> TemplateValue {
        if let references = expression["references"] {
            switch values {
            case .unknown, .null: return resolve(references) ?? values
            case .string(let text) where text.isEmpty: return resolve(references) ?? values
            default: return values
            }
        }
        switch (values, expression) {
        case (.object(var fields), .object(let expressions)):
            for (key, nested) in expressions {
                let current = fields[key] ?? .null
                let linked = link(current, nested, resolve: resolve)
                if linked != .null || fields[key] != nil { fields[key] = linked }
            }
            return .object(fields)
        case (.array(let items), .array(let expressions)):
            return .array(items.enumerated().map { $0.offset < expressions.count ? link($0.element, expressions[$0.offset], resolve: resolve) : $0.element })
        default:
            return values
        }
    }

    /// The resource address among `references` (`["aws_kms_key.k.arn", "aws_kms_key.k"]`), found in the module the
    /// expression was written in.
    static func target(of references: TemplateValue, module: String, addresses: Set<String>) -> String? {
        for reference in references.list.compactMap(\.string) {
            var parts = unindexed(reference).split(separator: ".").map(String.init)
            while parts.count >= 2 {
                let candidate = module + parts.joined(separator: ".")
                if addresses.contains(candidate) { return candidate }
                parts.removeLast()
            }
        }
        return nil
    }

    /// `module.m["a"].aws_s3_bucket.b[0]` → `module.m.aws_s3_bucket.b`.
    static func unindexed(_ address: String) -> String {
        var out = ""
        var depth = 0
        for character in address {
            if character == "[" { depth += 1 } else if character == "]" { depth -= 1 } else if depth == 0 { out.append(character) }
        }
        return out
    }

    /// The module part of an address with a trailing dot (`module.m.`), empty for the root module.
    static func modulePrefix(_ address: String) -> String {
        let parts = unindexed(address).split(separator: ".")
        var prefix = ""
        var index = 0
        while index + 1 < parts.count, parts[index] == "module" {
            prefix += "module.\(parts[index + 1])."
            index += 2
        }
        return prefix
    }
}
