public import Foundation

extension OCSF {
    /// A posture check's result, as the scan found it.
    public struct PostureCheck: Sendable {
        public var rule: String
        public var title: String
        /// `low`, `medium`, `high` or `critical`.
        public var severity: String
        public var controls: [String]
        public var frameworks: [String]
        public var remediation: String
        public var passed: Bool
        public var message: String
        /// The ASFF resource type (`AwsKmsKey`, `AwsS3Bucket`, `Other`).
        public var resourceType: String
        /// The resource's ARN or id when known, otherwise `file#name`.
        public var resourceID: String
        public var resourceName: String
        public var region: String?
        public var file: String?
        public var line: Int?

        public init(rule: String, title: String, severity: String, controls: [String], frameworks: [String], remediation: String, passed: Bool,
                    message: String, resourceType: String, resourceID: String, resourceName: String, region: String?, file: String?, line: Int?) {
            self.rule = rule
            self.title = title
            self.severity = severity
            self.controls = controls
            self.frameworks = frameworks
            self.remediation = remediation
            self.passed = passed
            self.message = message
            self.resourceType = resourceType
            self.resourceID = resourceID
            self.resourceName = resourceName
            self.region = region
            self.file = file
            self.line = line
        }
    }

    /// A Compliance Finding (2003) for one posture check on one resource: the rule as the control, its catalog
    /// controls and frameworks as standards, Pass or Fail, the remediation, and the resource (what ASFF reads).
    public static func postureFinding(_ check: PostureCheck, time: Date, product: Product) -> CanonicalJSON {
        let severity: Severity = check.passed ? .informational : (Severity.allCases.first { $0.name.lowercased() == check.severity } ?? .medium)
        let uid = "posture:\(check.rule):\(check.resourceID)"
        var event = base(.complianceFinding, activity: (1, "Create"), severity: severity, time: time, uid: uid, product: product,
                         sequence: nil, correlation: nil, tenant: nil,
                         message: "\(check.rule) \(check.passed ? "passed" : "failed") on \(check.resourceName): \(check.message)")
        event["status_id"] = .int(1)
        event["status"] = .string("New")
        event["finding_info"] = .object([
            "uid": .string(uid), "title": .string(check.title), "types": .array([.string("Posture check")]), "desc": .string(check.message),
            "analytic": .object(["uid": .string(check.rule), "name": .string(check.rule), "type_id": .int(1), "type": .string("Rule")]),
        ])
        event["compliance"] = .object([
            "control": .string(check.rule), "standards": .array((check.controls.map { "Rampart catalog \($0)" } + check.frameworks).map(CanonicalJSON.string)),
            "status_id": .int(check.passed ? 1 : 3), "status": .string(check.passed ? "Pass" : "Fail"),
        ])
        event["remediation"] = .object(["desc": .string(check.remediation)])
        event["resources"] = .array([.fields([
            "type": .string(check.resourceType), "uid": .string(check.resourceID), "name": .string(check.resourceName),
            "region": check.region.map(CanonicalJSON.string),
            "labels": check.file.map { file in .array([.string("source:\(file)\(check.line.map { ":\($0)" } ?? "")")]) },
        ])])
        return .object(event)
    }
}
