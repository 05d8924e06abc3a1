import Foundation
public import RampartCore
import RampartYAML

/// One input file of a scan: a CloudFormation template or a Terraform plan, recognized by its content.
public enum InfrastructureFile {
    public static let extensions: Set<String> = ["yaml", "yml", "json", "template"]

    /// What one file declares, and what of it could not be read.
    public struct Contents: Sendable {
        public var resources: [DeclaredResource]
        public var notes: [String] = []
    }

    /// The contents of one file; nil when the file is neither a template nor a plan.
    public static func contents(at path: String, parameters: [String: String] = [:]) throws(InputErrors) -> Contents? {
        let source = try YAMLSource.read(path: path, maximumBytes: 64 << 20)
        let trimmed = source.text.drop { $0.isWhitespace }
        if trimmed.hasPrefix("{") {
            let document = try TemplateValue.parse(json: Data(source.text.utf8), file: path)
            if TerraformPlan.recognizes(document) { return Contents(resources: try TerraformPlan.read(document, file: path)) }
            guard CloudFormationTemplate.recognizes(document) else { return nil }
            // Read again as YAML (JSON is YAML) for the lines findings point at.
            return try CloudFormationTemplate.read(source, parameters: parameters)
        }
        let node = try source.documents()
        guard node.count == 1, let first = node.first else { return nil }
        let document = try TemplateValue.from(yaml: first, file: path)
        guard CloudFormationTemplate.recognizes(document) else { return nil }
        return try CloudFormationTemplate.resources(of: document, lines: CloudFormationTemplate.resourceLines(first), file: path, parameters: parameters)
    }

    /// The files a path names: the file itself, or every template-like file under a directory (sorted, hidden
    /// directories and `.terraform` left out).
    public static func files(under path: String) throws(InputErrors) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputErrors(InputError(.unreadable, "no such file or directory", at: SourceLocation(file: path)))
        }
        guard isDirectory.boolValue else { return [path] }
        // Paths stay as the caller wrote the directory (relative stays relative), so reports name files as given.
        guard let walker = FileManager.default.enumerator(atPath: path) else { return [] }
        var out: [String] = []
        let base = path.hasSuffix("/") ? path : path + "/"
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") || name == "node_modules" {
                walker.skipDescendants()
                continue
            }
            if extensions.contains((name as NSString).pathExtension.lowercased()) { out.append(base + relative) }
        }
        return out.sorted()
    }
}
