public import Foundation

/// Audit events as OCSF 1.6.0 events, the shape SIEMs ingest: a model or API call is an API Activity (6003), a
/// refused credential an Authentication (3002), prompt-injection and canary findings a Detection Finding (2004),
/// personal data and secrets found in traffic a Data Security Finding (2006). Compliance Findings (2003) come from
/// the Scoping Matrix assessment (`OCSF.complianceFinding`).
///
/// Pure: the same audit record always renders to the same events, whose `metadata.uid` is the audit event's id (with
/// a suffix for the findings an event gives rise to), so a SIEM can drop the duplicates an at-least-once export sends.
/// Only what the record holds in the clear is exported: sealed personal facts stay sealed, and a person is named by
/// their keyed subject reference.
public enum OCSF {
    public static let version = "1.6.0"

    /// Who produced the events.
    public struct Product: Sendable, Hashable {
        public var name: String
        public var version: String

        public init(name: String = "Rampart", version: String) {
            self.name = name
            self.version = version
        }

        var json: CanonicalJSON { .object(["name": .string(name), "vendor_name": .string("Rampart"), "version": .string(version)]) }
    }

    /// The OCSF classes Rampart exports.
    public enum Class: Int64, Sendable, CaseIterable {
        case complianceFinding = 2003
        case detectionFinding = 2004
        case dataSecurityFinding = 2006
        case authentication = 3002
        case apiActivity = 6003

        var name: String {
            switch self {
            case .complianceFinding: "Compliance Finding"
            case .detectionFinding: "Detection Finding"
            case .dataSecurityFinding: "Data Security Finding"
            case .authentication: "Authentication"
            case .apiActivity: "API Activity"
            }
        }

        var category: (uid: Int64, name: String) {
            switch self {
            case .complianceFinding, .detectionFinding, .dataSecurityFinding: (2, "Findings")
            case .authentication: (3, "Identity & Access Management")
            case .apiActivity: (6, "Application Activity")
            }
        }
    }

    /// OCSF `severity_id` values.
    public enum Severity: Int64, Sendable, CaseIterable {
        case informational = 1, low, medium, high, critical

        var name: String {
            switch self {
            case .informational: "Informational"
            case .low: "Low"
            case .medium: "Medium"
            case .high: "High"
            case .critical: "Critical"
            }
        }
    }

    /// The events of one stored audit record (nothing for a purged record or an event of another kind).
    public static func events(sequence: Int, record: [UInt8], product: Product) throws(AuditError) -> [CanonicalJSON] {
        guard let stored = StoredAuditEvent(record: record, sequence: sequence) else {
            throw AuditError(.inconsistent, "entry \(sequence) is not a readable record (run rampart audit verify)")
        }
        let context = Context(stored: stored, product: product)
        switch stored.kind {
        case .modelCall, .apiCall, .guardScan, .adminAction:
            return [context.apiActivity()] + context.findings()
        case .authenticationFailure:
            return [context.authentication()]
        case .keyUsage:
            return context.keyUsage()
        case .detectionFinding:
            return [context.ruleFinding()]
        }
    }

    /// The fields every event has.
    static func base(_ kind: Class, activity: (id: Int64, name: String), severity: Severity, time: Date, uid: String, product: Product,
                     sequence: Int?, correlation: String?, tenant: String?, message: String) -> [String: CanonicalJSON] {
        let category = kind.category
        return [
            "class_uid": .int(kind.rawValue), "class_name": .string(kind.name), "category_uid": .int(category.uid), "category_name": .string(category.name),
            "activity_id": .int(activity.id), "activity_name": .string(activity.name), "type_uid": .int(kind.rawValue * 100 + activity.id),
            "type_name": .string("\(kind.name): \(activity.name)"), "severity_id": .int(severity.rawValue), "severity": .string(severity.name),
            "time": .int(Int64((time.timeIntervalSince1970 * 1000).rounded(.down))), "message": .string(message),
            "metadata": .fields([
                "version": .string(version), "product": product.json, "uid": .string(uid), "log_name": .string("rampart-audit"),
                "sequence": sequence.map { .int(Int64($0)) }, "correlation_uid": correlation.map(CanonicalJSON.string),
                "tenant_uid": tenant.map(CanonicalJSON.string),
            ]),
        ]
    }

    /// A Compliance Finding: the state of one control of the catalog for one workload.
    /// - Parameter passed: true when satisfied, false when missing; `required` picks Fail over Warning.
    public static func complianceFinding(workload: String, scope: Int, control: String, title: String, passed: Bool, required: Bool,
                                         standards: [String], reasons: [String], time: Date, product: Product) -> CanonicalJSON {
        let severity: Severity = passed ? .informational : required ? .high : .low
        var event = base(.complianceFinding, activity: (1, "Create"), severity: severity, time: time, uid: "compliance:\(workload):\(control)",
                         product: product, sequence: nil, correlation: nil, tenant: nil,
                         message: "\(control) \(passed ? "is met" : "is missing") for \(workload) (scope \(scope))")
        event["status_id"] = .int(1)
        event["status"] = .string("New")
        event["finding_info"] = .object([
            "uid": .string("compliance:\(workload):\(control)"), "title": .string(title),
            "types": .array([.string("Scoping Matrix control")]), "desc": .string(reasons.joined(separator: "; ")),
        ])
        event["compliance"] = .object([
            "control": .string(control), "standards": .array(standards.map(CanonicalJSON.string)),
            "status_id": .int(passed ? 1 : required ? 3 : 2), "status": .string(passed ? "Pass" : required ? "Fail" : "Warning"),
        ])
        event["resources"] = .array([.object(["type": .string("GenAI workload"), "name": .string(workload), "uid": .string(workload),
                                             "labels": .array([.string("scope:\(scope)")])])])
        return .object(event)
    }
}
