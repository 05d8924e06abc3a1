import Foundation

extension ScanRenderer {
    /// SARIF 2.1.0: one run, every rule in the driver (with its controls as tags and a `security-severity`), one
    /// result per failed check located at the resource's file and line, and the resource as a logical location.
    /// - Parameter base: file paths are written relative to it when under it.
    public static func sarif(_ report: ScanReport, toolVersion: String, base: String? = nil) -> String {
        let rules = report.rules
        let index = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        let document = SARIF(
            version: "2.1.0", schema: "https://json.schemastore.org/sarif-2.1.0.json",
            runs: [SARIF.Run(
                tool: .init(driver: .init(
                    name: "rampart-posture", version: toolVersion, informationUri: "https://github.com/rampart-security/rampart",
                    rules: rules.map { rule in
                        SARIF.Rule(
                            id: rule.id, name: rule.id.replacingOccurrences(of: ".", with: "/"), shortDescription: .init(text: rule.title),
                            fullDescription: .init(text: rule.title + " (controls: \(rule.controls.joined(separator: ", ")))"),
                            help: .init(text: rule.remediation), defaultConfiguration: .init(level: level(rule.severity)),
                            properties: .init(tags: ["security"] + rule.controls + rule.frameworks, securitySeverity: securitySeverity(rule.severity)))
                    })),
                results: report.failures.map { finding in
                    let resource = finding.check.resource
                    return SARIF.Result(
                        ruleId: finding.rule.id, ruleIndex: index[finding.rule.id] ?? 0, level: level(finding.rule.severity),
                        message: .init(text: "\(resource.cloudID ?? resource.name): \(finding.check.message)"),
                        locations: [SARIF.Location(
                            physicalLocation: .init(artifactLocation: .init(uri: relative(resource.location.file, to: base)),
                                                    region: resource.location.line.map { .init(startLine: $0) }),
                            logicalLocations: [.init(name: resource.name, fullyQualifiedName: "\(resource.type)/\(resource.name)", kind: "resource")])],
                        partialFingerprints: ["rampart/v1": "\(finding.rule.id)|\(relative(resource.location.file, to: base))|\(resource.cloudID ?? resource.name)"])
                })])
        return encode(document, snakeCase: false)
    }

    static func level(_ severity: PostureRule.Severity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low: "note"
        }
    }

    /// GitHub's `security-severity`: critical 9.0+, high 7.0-8.9, medium 4.0-6.9, low below.
    static func securitySeverity(_ severity: PostureRule.Severity) -> String {
        switch severity {
        case .critical: "9.5"
        case .high: "8.0"
        case .medium: "5.5"
        case .low: "3.0"
        }
    }

    static func relative(_ path: String, to base: String?) -> String {
        guard let base, !base.isEmpty else { return path }
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    struct SARIF: Encodable {
        struct Text: Encodable { var text: String }
        struct Configuration: Encodable { var level: String }
        struct Properties: Encodable {
            var tags: [String]
            var securitySeverity: String
            enum CodingKeys: String, CodingKey { case tags; case securitySeverity = "security-severity" }
        }
        struct Rule: Encodable {
            var id, name: String
            var shortDescription, fullDescription, help: Text
            var defaultConfiguration: Configuration
            var properties: Properties
        }
        struct Driver: Encodable {
            var name, version, informationUri: String
            var rules: [Rule]
        }
        struct Tool: Encodable { var driver: Driver }
        struct ArtifactLocation: Encodable { var uri: String }
        struct Region: Encodable { var startLine: Int }
        struct PhysicalLocation: Encodable {
            var artifactLocation: ArtifactLocation
            var region: Region?
        }
        struct LogicalLocation: Encodable { var name, fullyQualifiedName, kind: String }
        struct Location: Encodable {
            var physicalLocation: PhysicalLocation
            var logicalLocations: [LogicalLocation]
        }
        struct Result: Encodable {
            var ruleId: String
            var ruleIndex: Int
            var level: String
            var message: Text
            var locations: [Location]
            var partialFingerprints: [String: String]
        }
        struct Run: Encodable {
            var tool: Tool
            var results: [Result]
        }
        var version, schema: String
        var runs: [Run]
        enum CodingKeys: String, CodingKey { case version, runs; case schema = "$schema" }
    }
}
