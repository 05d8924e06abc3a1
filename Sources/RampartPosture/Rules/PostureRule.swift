/// One posture check: what it looks for, how bad a failure is, which controls of the catalog it evidences, how to
/// fix it and where other frameworks list the same check. Evaluating it is pure: the model and the settings in, one
/// check per resource it concerns out (passed or not, and why).
public struct PostureRule: Sendable, Identifiable {
    public enum Cloud: String, Sendable, Hashable, Codable, CaseIterable { case aws, gcp, azure }

    public var id: String
    public var title: String
    public var cloud: Cloud
    public var severity: Severity
    /// Control ids of the catalog (`KEY-ROTATION-90D`).
    public var controls: [String]
    public var remediation: String
    /// The same check in other frameworks: `AWS Security Hub KMS.4`, `CIS AWS 3.5`, `Checkov CKV_AWS_7`.
    public var frameworks: [String]
    let evaluate: @Sendable (Infrastructure, PostureSettings) -> [Check]

    public init(id: String, title: String, cloud: Cloud, severity: Severity, controls: [String], remediation: String, frameworks: [String] = [],
                evaluate: @escaping @Sendable (Infrastructure, PostureSettings) -> [Check]) {
        self.id = id
        self.title = title
        self.cloud = cloud
        self.severity = severity
        self.controls = controls
        self.remediation = remediation
        self.frameworks = frameworks
        self.evaluate = evaluate
    }

    /// The rule's checks on `infrastructure`.
    public func checks(_ infrastructure: Infrastructure, settings: PostureSettings) -> [Check] {
        evaluate(infrastructure, settings)
    }

    /// The outcome for one resource.
    public struct Check: Sendable, Hashable {
        public var resource: ResourceRef
        public var passed: Bool
        /// What was found, in a sentence naming the setting.
        public var message: String

        public init(_ resource: ResourceRef, passed: Bool, _ message: String) {
            self.resource = resource
            self.passed = passed
            self.message = message
        }
    }

    public enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        case low, medium, high, critical

        public static func < (a: Severity, b: Severity) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }
}

/// What a deployment decides for its posture: the retention limit, the rotation limit and who may decrypt.
public struct PostureSettings: Sendable, Hashable {
    /// The longest time data may be kept, in days (lifecycle expiry and log retention must be within it).
    public var retentionDays: Int
    /// The longest key rotation period, in days.
    public var rotationDays: Int
    /// ARN patterns (`*` wildcards) of the identities that may decrypt with a key; empty means service principals,
    /// break-glass roles and service roles declared in the same input.
    public var decryptAllowlist: [String]

    public init(retentionDays: Int = 365, rotationDays: Int = 90, decryptAllowlist: [String] = []) {
        self.retentionDays = retentionDays
        self.rotationDays = rotationDays
        self.decryptAllowlist = decryptAllowlist
    }
}
