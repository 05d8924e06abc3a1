import Foundation

/// Renders a scan report: text for people, JSON for programs (every check, passed or failed), SARIF 2.1.0 for code
/// scanning (failures only). The OCSF and ASFF forms are rendered by the audit export's encoders.
public enum ScanRenderer {
    public enum Format: String, Sendable, CaseIterable {
        case text, json, sarif, ocsf, asff
    }

    public static func text(_ report: ScanReport) -> String {
        let failures = report.failures.sorted { ($0.rule.severity, $1.rule.id) > ($1.rule.severity, $0.rule.id) }
        var out = "posture scan: \(report.inputs.count) input(s), \(report.rules.count) rules, \(report.findings.count) checks: "
            + "\(failures.count) failed, \(report.findings.count - failures.count) passed\n"
        for severity in PostureRule.Severity.allCases.reversed() {
            let count = failures.filter { $0.rule.severity == severity }.count
            if count > 0 { out += "  \(severity.rawValue): \(count)\n" }
        }
        for part in report.unreadable { out += "  NOT READ: \(part) (its rules saw nothing of it)\n" }
        for finding in failures {
            out += "\nFAILED \(finding.rule.severity.rawValue) \(finding.rule.id): \(finding.rule.title)\n"
            out += "  \(describe(finding.check.resource))\n"
            out += "  \(finding.check.message)\n"
            out += "  controls: \(finding.rule.controls.joined(separator: ", "))\n"
            out += "  fix: \(finding.rule.remediation)\n"
        }
        return out
    }

    /// `file:line  name (type)`.
    static func describe(_ resource: ResourceRef) -> String {
        var place = resource.location.file
        if let line = resource.location.line { place += ":\(line)" }
        if let region = resource.location.region { place += " (\(region))" }
        return "\(place)  \(resource.cloudID ?? resource.name) (\(resource.type))"
    }

    public static func json(_ report: ScanReport) -> String {
        let document = JSONReport(
            inputs: report.inputs, unreadable: report.unreadable,
            summary: .init(checks: report.findings.count, failed: report.failures.count, passed: report.findings.count - report.failures.count,
                           failedBySeverity: Dictionary(grouping: report.failures, by: \.rule.severity.rawValue).mapValues(\.count)),
            rules: report.rules.map(JSONReport.Rule.init),
            results: report.findings.map { finding in
                JSONReport.Result(rule: finding.rule.id, status: finding.passed ? "passed" : "failed", severity: finding.rule.severity.rawValue,
                                  controls: finding.rule.controls, resource: .init(finding.check.resource), message: finding.check.message)
            })
        return encode(document)
    }

    /// Pretty, sorted JSON; snake_case keys for Rampart's own report, the type's own keys for a standard (SARIF).
    static func encode(_ value: some Encodable, snakeCase: Bool = true) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        if snakeCase { encoder.keyEncodingStrategy = .convertToSnakeCase }
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }

    struct JSONReport: Encodable {
        struct Summary: Encodable {
            var checks, failed, passed: Int
            var failedBySeverity: [String: Int]
        }
        struct Rule: Encodable {
            var id, title, cloud, severity, remediation: String
            var controls, frameworks: [String]
            init(_ rule: PostureRule) {
                id = rule.id; title = rule.title; cloud = rule.cloud.rawValue; severity = rule.severity.rawValue
                remediation = rule.remediation; controls = rule.controls; frameworks = rule.frameworks
            }
        }
        struct Resource: Encodable {
            var type, name, file: String
            var line: Int?
            var region, cloudId: String?
            var workloads: [String]
            init(_ ref: ResourceRef) {
                type = ref.type; name = ref.name; file = ref.location.file; line = ref.location.line
                region = ref.location.region; cloudId = ref.cloudID; workloads = ref.workloads
            }
        }
        struct Result: Encodable {
            var rule, status, severity: String
            var controls: [String]
            var resource: Resource
            var message: String
        }
        var inputs: [String]
        var unreadable: [String]
        var summary: Summary
        var rules: [Rule]
        var results: [Result]
    }
}
