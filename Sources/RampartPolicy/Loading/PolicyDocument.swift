import RampartCore

/// The YAML shape of a policy file, decoded strictly; `PolicyLoader` validates it and turns it into rules.
struct PolicyDocument: Decodable {
    var rules: [RuleSpec]

    struct RuleSpec: Decodable {
        var id: String
        var effect: PolicyRule.Effect
        var description: String?
        var principals: PrincipalSpec?
        var actions: [String]
        var resources: ResourceSpec?
        var when: [ConditionSpec]?
        var unless: [ConditionSpec]?
        var alert: Bool?
    }

    struct PrincipalSpec: Decodable {
        var ids: [String]?
        var roles: [String]?
        var groups: [String]?
        var kinds: [Principal.Kind]?
    }

    struct ResourceSpec: Decodable {
        var kinds: [String]?
        var ids: [String]?
        var workloads: [String]?
    }

    /// A condition: a bare name (`mfa`) or a one-key mapping (`principal_region: [eu]`).
    struct ConditionSpec: Decodable {
        var flag: String?
        var principalRegion: [String]?
        var resourceRegion: [String]?
        var department: [String]?
        var authenticatedBy: [AuthenticationFacts.Method]?
        var classificationAtLeast: DataClassification?
        var timeWindow: TimeWindowSpec?
        var keyCount = 0

        enum CodingKeys: String, CodingKey {
            case principalRegion = "principal_region", resourceRegion = "resource_region", department
            case authenticatedBy = "authenticated_by", classificationAtLeast = "classification_at_least"
            case timeWindow = "time_window"
        }

        init(from decoder: any Decoder) throws {
            if let name = try? decoder.singleValueContainer().decode(String.self) {
                flag = name
                keyCount = 1
                return
            }
            let c = try decoder.container(keyedBy: CodingKeys.self)
            principalRegion = try c.decodeIfPresent([String].self, forKey: .principalRegion)
            resourceRegion = try c.decodeIfPresent([String].self, forKey: .resourceRegion)
            department = try c.decodeIfPresent([String].self, forKey: .department)
            authenticatedBy = try c.decodeIfPresent([AuthenticationFacts.Method].self, forKey: .authenticatedBy)
            classificationAtLeast = try c.decodeIfPresent(DataClassification.self, forKey: .classificationAtLeast)
            timeWindow = try c.decodeIfPresent(TimeWindowSpec.self, forKey: .timeWindow)
            keyCount = c.allKeys.count
        }
    }

    struct TimeWindowSpec: Decodable {
        var days: [String]?
        var from: String
        var to: String
    }
}

extension AuthenticationFacts.Method {
    public init(from decoder: any Decoder) throws { self = try decodeClosedEnum(Self.self, from: decoder) }
}

extension PolicyRule.Effect {
    public init(from decoder: any Decoder) throws { self = try decodeClosedEnum(Self.self, from: decoder) }
}
