import Foundation

/// Translates declared resources (from templates and plans) into the resource model. Pure. Resources that configure
/// another one (a bucket's policy, encryption or lifecycle; a role's policy; a private endpoint) are applied to it
/// after every resource has been read, so their order in the input does not matter.
public struct InfrastructureBuilder {
    var model = Infrastructure()
    /// Work that needs every resource in place first: linking satellites to what they configure.
    var pending: [(inout InfrastructureBuilder) -> Void] = []
    var metricFilters: [(ref: ResourceRef, logGroup: String?, pattern: String, metric: String)] = []
    var alarmedMetrics: Set<String> = []
    /// The names each role and policy is known by (logical id or address, and its name property), by index.
    var roleNames: [Int: [String]] = [:]
    var policyNames: [Int: [String]] = [:]

    public init() {}

    /// The model of `resources`.
    public static func build(_ resources: [DeclaredResource]) -> Infrastructure {
        var builder = InfrastructureBuilder()
        for resource in resources { builder.add(resource) }
        return builder.finish()
    }

    /// The model of a live account: everything it holds, with account-level rules reporting against the account.
    public static func build(_ account: AWSAccountReader.Account, regions: [String]) -> Infrastructure {
        var model = build(account.resources)
        model.isWholeAccount = true
        model.regions = regions
        model.account = ResourceRef(type: "AWS::::Account", name: account.id, location: ResourceLocation(file: "aws"), cloudID: "AWS::::Account:\(account.id)")
        return model
    }

    mutating func add(_ resource: DeclaredResource) {
        let kind = Self.aliases[resource.kind] ?? resource.kind
        if addAWS(resource, kind: kind) { return }
        if addGoogle(resource) { return }
        _ = addAzure(resource)
    }

    mutating func finish() -> Infrastructure {
        let work = pending
        pending = []
        for step in work { step(&self) }
        for filter in metricFilters where alarmedMetrics.contains(filter.metric) {
            model.alarmedPatterns.append(AlarmedPattern(ref: filter.ref, logGroup: filter.logGroup, pattern: filter.pattern))
        }
        return model
    }

    /// Terraform `aws` resources shaped like their CloudFormation counterparts (their settings differ by case and
    /// underscores only, or by the alternates the readers list), read by the same code.
    static let aliases: [String: String] = [
        "tf:aws_kms_key": "kmskey", "tf:aws_iam_role": "iamrole", "tf:aws_iam_policy": "iammanagedpolicy", "tf:aws_iam_role_policy": "iamrolepolicy",
        "tf:aws_vpc_endpoint": "ec2vpcendpoint", "tf:aws_sagemaker_notebook_instance": "sagemakernotebookinstance",
        "tf:aws_sagemaker_model": "sagemakermodel", "tf:aws_sagemaker_endpoint_configuration": "sagemakerendpointconfig",
        "tf:aws_sagemaker_domain": "sagemakerdomain", "tf:aws_bedrockagent_agent": "bedrockagent", "tf:aws_cloudtrail": "cloudtrailtrail",
        "tf:aws_cloudwatch_log_group": "logsloggroup", "tf:aws_guardduty_detector": "guarddutydetector", "tf:aws_securityhub_account": "securityhubhub",
        "tf:aws_vpc": "ec2vpc",
    ]

    // MARK: shared readers

    static func ref(_ resource: DeclaredResource) -> ResourceRef {
        let tags = tags(resource.properties)
        let workloads = (tags["rampart:workload"] ?? tags["rampart-workload"])
            .map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } } ?? []
        return ResourceRef(type: resource.type, name: resource.name, location: resource.location, cloudID: resource.cloudID, workloads: workloads)
    }

    /// Tags or labels: CloudFormation's `[{Key, Value}]`, Terraform's map, Google's labels.
    static func tags(_ properties: TemplateValue) -> [String: String] {
        var out: [String: String] = [:]
        for field in [properties["Tags"], properties["labels"]] {
            switch field {
            case .array(let pairs)?:
                for pair in pairs { if let key = pair["Key"]?.string, let value = pair["Value"]?.string { out[key] = value } }
            case .object(let map)?:
                for (key, value) in map { if let text = value.string { out[key] = text } }
            default: break
            }
        }
        return out
    }

    /// Encryption under a key id (or its absence): no key is the provider's key; an AWS-managed alias
    /// (`alias/aws/...`) is too.
    static func encryption(key value: TemplateValue?) -> Encryption {
        switch value {
        case nil, .null?: return .providerKey
        case .unknown?: return .unknown
        case .reference(let name)?: return .customerKey("${\(name)}")
        case let value?:
            guard let text = value.string, !text.isEmpty else { return .providerKey }
            if text.hasPrefix("alias/aws/") || text.contains(":alias/aws/") { return .providerKey }
            return .customerKey(text)
        }
    }

    /// The name a resource is known by elsewhere in the input: its logical id or address, and the name property.
    static func names(_ resource: DeclaredResource, _ property: String...) -> [String] {
        // A Terraform resource with count or for_each (`aws_s3_bucket.b[0]`) is referred to without its index.
        let unindexed = TerraformPlan.unindexed(resource.name)
        return [resource.name] + (unindexed == resource.name ? [] : [unindexed])
            + property.compactMap { resource.properties[$0]?.string }.filter { !$0.isEmpty && !$0.contains("${") }
    }

    /// Who a satellite resource points at: a reference, a `${Name}` rendering, or a literal name or ARN.
    static func target(_ value: TemplateValue?) -> String? {
        guard let value else { return nil }
        if let name = value.referencedResource { return name }
        guard let text = value.string, !text.isEmpty else { return nil }
        // An ARN or id ending in the name (arn:aws:s3:::bucket, arn:aws:iam::1:role/name).
        return text.split(whereSeparator: { $0 == ":" || $0 == "/" }).last.map(String.init) ?? text
    }

    /// Indexes of the assets whose names include `target`.
    func assetIndexes(_ target: String?, kinds: Set<Asset.Kind>) -> [Int] {
        guard let target else { return [] }
        return model.assets.indices.filter { kinds.contains(model.assets[$0].kind) && model.assets[$0].names.contains(target) }
    }

    mutating func append(_ asset: Asset, names: [String]) {
        var asset = asset
        asset.names = names
        model.assets.append(asset)
    }

    /// Days in an ISO 8601 duration (`P90D`, `P3M`, `P1Y`, `P12W`); a year is 365 days and a month 30. A duration
    /// too long to count (at most nine digits a part) is nil: a template's number never stops the scan.
    static func days(iso8601 text: String) -> Int? {
        guard text.hasPrefix("P") else { return nil }
        var total = 0, digits = ""
        for character in text.dropFirst() {
            if character.isNumber { digits.append(character); continue }
            if character == "T" { break }
            guard digits.count <= 9, let number = Int(digits) else { return nil }
            let unit: Int
            switch character {
            case "Y": unit = 365
            case "M": unit = 30
            case "W": unit = 7
            case "D": unit = 1
            default: return nil
            }
            let (days, overflow) = total.addingReportingOverflow(number * unit)
            guard !overflow else { return nil }
            total = days
            digits = ""
        }
        return total
    }

    /// A number of days from a template, rounded up, within a billion either way (a longer period reads as that
    /// long, which every rule treats as too long); nil when it is not finite. Never trusts the number to fit an `Int`.
    static func wholeDays(_ value: Double) -> Int? {
        guard value.isFinite else { return nil }
        return Int(min(max(value, -1e9), 1e9).rounded(.up))
    }
}
