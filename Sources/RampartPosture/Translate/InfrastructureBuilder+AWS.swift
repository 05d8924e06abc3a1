import Foundation

extension InfrastructureBuilder {
    /// AWS resources from CloudFormation, the `awscc` provider and the `aws` provider; false when `kind` is not one.
    mutating func addAWS(_ resource: DeclaredResource, kind: String) -> Bool {
        let p = resource.properties
        let ref = Self.ref(resource)
        switch kind {
        case "s3bucket", "tf:aws_s3_bucket":
            addBucket(resource, ref: ref)
        case "s3bucketpolicy", "tf:aws_s3_bucket_policy":
            let target = Self.target(p["Bucket"])
            let policy = PolicyDocument(p.first("PolicyDocument", "policy"))
            pending.append { builder in
                for index in builder.assetIndexes(target, kinds: [.bucket]) { builder.model.assets[index].bucket?.policy = policy }
            }
        case "tf:aws_s3_bucket_server_side_encryption_configuration":
            let target = Self.target(p["bucket"])
            let encryption = Self.bucketEncryption(p["rule"])
            pending.append { builder in
                for index in builder.assetIndexes(target, kinds: [.bucket]) { builder.model.assets[index].encryption = encryption }
            }
        case "tf:aws_s3_bucket_lifecycle_configuration":
            let target = Self.target(p["bucket"])
            let days = Self.expirationDays(p["rule"])
            pending.append { builder in
                for index in builder.assetIndexes(target, kinds: [.bucket]) { builder.model.assets[index].bucket?.expirationDays = days }
            }
        case "tf:aws_s3_bucket_public_access_block":
            let target = Self.target(p["bucket"])
            let blocked = Self.allTrue(p, ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"])
            pending.append { builder in
                for index in builder.assetIndexes(target, kinds: [.bucket]) { builder.model.assets[index].bucket?.publicAccessBlocked = blocked }
            }
        case "kmskey":
            var key = EncryptionKey(ref: ref, rotates: Self.rotates(spec: p.first("KeySpec", "customer_master_key_spec")?.string, usage: p["KeyUsage"]?.string))
            key.rotationEnabled = p["EnableKeyRotation"]?.isUnknown == true ? nil : (p["EnableKeyRotation"]?.bool ?? false)
            key.rotationDays = p["RotationPeriodInDays"]?.number.flatMap(Self.wholeDays) ?? (key.rotationEnabled == true ? 365 : nil)
            key.policy = PolicyDocument(p.first("KeyPolicy", "policy"))
            model.keys.append(key)
        case "iamrole":
            let names = Self.names(resource, "RoleName", "name")
            let roleName = names.count > 1 ? names[1] : resource.name
            let tags = Self.tags(p)
            let isDataScientist = tags["rampart:role"]?.lowercased() == "data-scientist"
                || names.contains { Self.folded($0).contains("datascien") }
            model.roles.append(Role(
                ref: ref, roleName: roleName, trust: PolicyDocument(p.first("AssumeRolePolicyDocument", "assume_role_policy")),
                managedPolicyARNs: (p.first("ManagedPolicyArns", "managed_policy_arns")?.list ?? []).compactMap(\.string), isDataScientist: isDataScientist))
            roleNames[model.roles.count - 1] = names
            for inline in p.first("Policies", "inline_policy")?.list ?? [] {
                if let document = PolicyDocument(inline.first("PolicyDocument", "policy")) {
                    model.policies.append(AttachedPolicy(ref: ref, document: document, roles: [resource.name]))
                }
            }
        case "iammanagedpolicy", "iampolicy", "iamrolepolicy":
            guard let document = PolicyDocument(p.first("PolicyDocument", "policy")) else { break }
            let roles = ((p["Roles"]?.list ?? []) + (p.first("RoleName", "role").map { [$0] } ?? [])).compactMap(Self.target)
            model.policies.append(AttachedPolicy(ref: ref, document: document, roles: roles))
            policyNames[model.policies.count - 1] = Self.names(resource, "ManagedPolicyName", "PolicyName", "name")
        case "tf:aws_iam_role_policy_attachment", "tf:aws_iam_policy_attachment":
            let roles = ((p["roles"]?.list ?? []) + (p["role"].map { [$0] } ?? [])).compactMap(Self.target)
            let policy = p["policy_arn"]
            pending.append { builder in builder.attach(policy: policy, to: roles) }
        case "ec2securitygroup", "tf:aws_security_group":
            let rules = (p.first("SecurityGroupIngress", "ingress")?.list ?? []).flatMap(Self.ingress)
            model.firewalls.append(Firewall(ref: ref, ingress: rules))
        case "ec2securitygroupingress", "tf:aws_vpc_security_group_ingress_rule":
            model.firewalls.append(Firewall(ref: ref, ingress: Self.ingress(p)))
        case "tf:aws_security_group_rule":
            guard p["type"]?.string == "ingress" else { break }
            model.firewalls.append(Firewall(ref: ref, ingress: Self.ingress(p)))
        case "ec2vpcendpoint":
            model.serviceEndpoints.append(ServiceEndpoint(ref: ref, service: p["ServiceName"]?.string ?? "", network: Self.target(p["VpcId"])))
        case "ec2vpc":
            model.networks.append(ref)
        case "sagemakernotebookinstance":
            var asset = Asset(ref: ref, kind: .sageMakerNotebook, tags: Self.tags(p))
            asset.encryption = Self.encryption(key: p["KmsKeyId"])
            asset.publicNetwork = Self.flag(p["DirectInternetAccess"], default: true)
            asset.inPrivateNetwork = Self.isSet(p["SubnetId"])
            append(asset, names: Self.names(resource, "NotebookInstanceName", "name"))
        case "sagemakermodel":
            var asset = Asset(ref: ref, kind: .sageMakerModel, tags: Self.tags(p))
            asset.networkIsolation = Self.flag(p["EnableNetworkIsolation"], default: false)
            asset.inPrivateNetwork = Self.isSet(p["VpcConfig"])
            append(asset, names: Self.names(resource, "ModelName", "name"))
        case "sagemakerendpointconfig":
            var asset = Asset(ref: ref, kind: .sageMakerEndpointConfig, tags: Self.tags(p))
            asset.encryption = Self.encryption(key: p.first("KmsKeyId", "kms_key_arn"))
            append(asset, names: Self.names(resource, "EndpointConfigName", "name"))
        case "sagemakerdomain":
            var asset = Asset(ref: ref, kind: .sageMakerDomain, tags: Self.tags(p))
            asset.encryption = Self.encryption(key: p["KmsKeyId"])
            asset.inPrivateNetwork = p["AppNetworkAccessType"].map { $0.isUnknown ? nil : $0.string == "VpcOnly" } ?? false
            asset.publicNetwork = asset.inPrivateNetwork.map(!)
            append(asset, names: Self.names(resource, "DomainName", "domain_name"))
        case "bedrockagent":
            var asset = Asset(ref: ref, kind: .bedrockAgent, tags: Self.tags(p))
            asset.encryption = Self.encryption(key: p["CustomerEncryptionKeyArn"])
            append(asset, names: Self.names(resource, "AgentName", "agent_name"))
        case "bedrockcustommodel", "tf:aws_bedrock_custom_model":
            var asset = Asset(ref: ref, kind: .bedrockCustomModel, tags: Self.tags(p))
            asset.encryption = Self.encryption(key: p.first("ModelKmsKeyArn", "custom_model_kms_key_id"))
            append(asset, names: Self.names(resource, "custom_model_name"))
        case "sagemakertrainingjob", "sagemakerprocessingjob":
            var asset = Asset(ref: ref, kind: kind == "sagemakertrainingjob" ? .sageMakerTrainingJob : .sageMakerProcessingJob, tags: Self.tags(p))
            asset.networkIsolation = Self.flag(p["EnableNetworkIsolation"], default: false)
            asset.inPrivateNetwork = Self.isSet(p["VpcConfig"])
            // Both the volumes and the output must be under a customer-managed key.
            let volume = Self.encryption(key: p["VolumeKmsKeyId"]), output = Self.encryption(key: p["OutputKmsKeyId"])
            asset.encryption = volume == .providerKey || output == .providerKey ? .providerKey : output
            append(asset, names: [resource.name])
        case "bedrockmodelinvocationlogging", "tf:aws_bedrock_model_invocation_logging_configuration":
            var asset = Asset(ref: ref, kind: .bedrockInvocationLogging)
            let config = p.at("logging_config")
            asset.enabled = config.map { $0.at("s3_config")?.isSet == true || $0.at("cloudwatch_config")?.isSet == true || $0.isUnknown }
            append(asset, names: [resource.name])
        case "cloudtrailtrail":
            var asset = Asset(ref: ref, kind: .trail, tags: Self.tags(p))
            asset.encryption = Self.encryption(key: p.first("KMSKeyId", "kms_key_id"))
            var trail = TrailFacts()
            trail.multiRegion = Self.flag(p["IsMultiRegionTrail"], default: false)
            trail.logFileValidation = Self.flag(p["EnableLogFileValidation"], default: false)
            let group = p.first("CloudWatchLogsLogGroupArn", "cloud_watch_logs_group_arn")
            trail.logGroup = group.flatMap { $0.referencedResource ?? $0.string }.flatMap { $0.isEmpty ? nil : $0 }
            trail.logging = Self.flag(p.first("IsLogging", "enable_logging"), default: true)
            asset.trail = trail
            append(asset, names: Self.names(resource, "TrailName", "name"))
        case "logsloggroup":
            var asset = Asset(ref: ref, kind: .logGroup, tags: Self.tags(p))
            asset.encryption = Self.encryption(key: p["KmsKeyId"])
            asset.retentionDays = p["RetentionInDays"].map { $0.isUnknown ? nil : $0.number.map(Int.init) ?? 0 } ?? 0
            append(asset, names: Self.names(resource, "LogGroupName", "name"))
        case "logsmetricfilter", "tf:aws_cloudwatch_log_metric_filter":
            let pattern = p.first("FilterPattern", "pattern")?.string ?? ""
            let group = p.first("LogGroupName", "log_group_name").flatMap { $0.referencedResource ?? $0.string }
            for transformation in p.first("MetricTransformations", "metric_transformation")?.list ?? [] {
                let metric = "\(transformation.first("MetricNamespace", "namespace")?.string ?? "")/\(transformation.first("MetricName", "name")?.string ?? "")"
                metricFilters.append((ref, group, pattern, metric))
            }
        case "cloudwatchalarm", "tf:aws_cloudwatch_metric_alarm":
            alarmedMetrics.insert("\(p["Namespace"]?.string ?? "")/\(p["MetricName"]?.string ?? "")")
        case "guarddutydetector":
            model.monitors.append(Monitor(ref: ref, kind: .guardDuty, enabled: Self.flag(p["Enable"], default: true)))
        case "securityhubhub":
            // A live account lists the standards enabled; a template's hub has whatever it declares.
            model.monitors.append(Monitor(ref: ref, kind: .securityHub, enabled: true, standards: p["Standards"].map { $0.list.compactMap(\.string) }))
        default:
            return false
        }
        return true
    }

    mutating func addBucket(_ resource: DeclaredResource, ref: ResourceRef) {
        let p = resource.properties
        let tags = Self.tags(p)
        let names = Self.names(resource, "BucketName", "bucket")
        var asset = Asset(ref: ref, kind: .bucket, tags: tags)
        let dataTag = tags["rampart:data"]?.lowercased()
        var facts = BucketFacts(holdsDatasets: dataTag == "dataset" || dataTag == "training-data"
            || names.contains { let name = Self.folded($0); return name.contains("dataset") || name.contains("trainingdata") })
        // CloudFormation's BucketEncryption; the aws provider's inline server_side_encryption_configuration (v3).
        let rules = p.at("BucketEncryption", "ServerSideEncryptionConfiguration") ?? p.at("server_side_encryption_configuration", "rule")
        asset.encryption = rules.map(Self.bucketEncryption) ?? .providerKey
        // The aws provider (v4 and later) computes the inline settings; a separate resource sets them, or S3's
        // default (SSE-S3, no expiry, no policy) holds.
        let terraform = resource.type == "aws_s3_bucket"
        if terraform, asset.encryption == .unknown { asset.encryption = .providerKey }
        if let lifecycle = p.at("LifecycleConfiguration", "Rules") ?? p["lifecycle_rule"] {
            facts.expirationDays = Self.expirationDays(lifecycle)
            facts.lifecycleKnown = terraform || !lifecycle.isUnknown
        }
        facts.policy = PolicyDocument(p["policy"])
        if let block = p["PublicAccessBlockConfiguration"] {
            facts.publicAccessBlocked = Self.allTrue(block, ["BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"])
        }
        asset.bucket = facts
        append(asset, names: names)
    }

    /// The encryption a list of server-side encryption rules sets.
    static func bucketEncryption(_ rules: TemplateValue?) -> Encryption {
        guard let rules, !rules.isUnknown else { return .unknown }
        for rule in rules.list {
            guard let byDefault = rule.at("ServerSideEncryptionByDefault") ?? rule.at("apply_server_side_encryption_by_default") else { continue }
            let algorithm = byDefault.first("SSEAlgorithm")?.string ?? ""
            if algorithm.hasPrefix("aws:kms") { return encryption(key: byDefault.first("KMSMasterKeyID")) }
            if byDefault["SSEAlgorithm"]?.isUnknown == true { return .unknown }
        }
        return .providerKey
    }

    /// The shortest expiry in days among enabled lifecycle rules (CloudFormation's `ExpirationInDays`, the aws
    /// provider's `expiration { days }`), nil when none expires objects.
    static func expirationDays(_ rules: TemplateValue?) -> Int? {
        var shortest: Int?
        for rule in rules?.list ?? [] {
            if rule.first("Status", "enabled")?.bool == false { continue }
            let days = rule["ExpirationInDays"]?.number ?? rule.at("expiration", "days")?.number ?? rule.at("Expiration", "Days")?.number
            if let days, days > 0, let whole = Self.wholeDays(days) { shortest = min(shortest ?? Int.max, whole) }
        }
        return shortest
    }

    static func ingress(_ rule: TemplateValue) -> [Firewall.Ingress] {
        let from = rule.first("FromPort", "from_port")?.number.map(Int.init)
        let to = rule.first("ToPort", "to_port")?.number.map(Int.init)
        let protocolName = rule.first("IpProtocol", "protocol")?.string ?? "tcp"
        let ports: String = switch (protocolName, from, to) {
        case ("-1", _, _), ("all", _, _): "all ports"
        case (_, let a?, let b?) where a == b: "port \(a)"
        case (_, let a?, let b?): a <= 0 && b >= 65535 ? "all ports" : "ports \(a)-\(b)"
        default: "all ports"
        }
        // CloudFormation's CidrIp and CidrIpv6 are the vpc_security_group_ingress_rule's cidr_ipv4 and cidr_ipv6 once
        // case and underscores are ignored; the aws_security_group blocks hold lists.
        var sources: [String] = []
        for key in ["CidrIp", "cidr_ipv4", "CidrIpv6"] { if let text = rule[key]?.string, !sources.contains(text) { sources.append(text) } }
        for key in ["cidr_blocks", "ipv6_cidr_blocks"] { sources += (rule[key]?.list ?? []).compactMap(\.string) }
        return sources.map { Firewall.Ingress(source: $0, ports: ports) }
    }

    /// A setting's value, or the provider's default when the input leaves it out; nil when it cannot be known.
    static func flag(_ value: TemplateValue?, default fallback: Bool) -> Bool? {
        guard let value, value != .null else { return fallback }
        if value.isUnknown { return nil }
        return value.bool ?? fallback
    }

    static func isSet(_ value: TemplateValue?) -> Bool? {
        guard let value else { return false }
        if value.isUnknown { return nil }
        return value.isSet
    }

    static func allTrue(_ value: TemplateValue, _ names: [String]) -> Bool? {
        let flags = names.map { value[$0] }
        if flags.contains(where: { $0?.isUnknown == true }) { return nil }
        return flags.allSatisfy { $0?.bool == true }
    }

    static func rotates(spec: String?, usage: String?) -> Bool {
        (spec ?? "SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT" && (usage ?? "ENCRYPT_DECRYPT") == "ENCRYPT_DECRYPT"
    }

    static func folded(_ text: String) -> String { TemplateValue.folded(text) }

    /// Attaches a policy (a reference to a declared policy, or a provider-managed ARN) to roles.
    mutating func attach(policy: TemplateValue?, to roles: [String]) {
        guard let policy else { return }
        if let name = Self.target(policy) {
            for index in model.policies.indices where policyNames[index, default: [model.policies[index].ref.name]].contains(name) {
                model.policies[index].roles += roles
            }
        }
        if let arn = policy.string, arn.contains(":aws:policy/") {
            for index in model.roles.indices where roles.contains(where: { roleNames[index, default: []].contains($0) }) {
                model.roles[index].managedPolicyARNs.append(arn)
            }
        }
    }
}
