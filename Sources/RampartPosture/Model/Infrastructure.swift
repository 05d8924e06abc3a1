/// The resource model every input is translated into and every rule reads: what the infrastructure hosting GenAI
/// workloads holds, in the terms the reference's controls use. Settings an input leaves out carry the provider's
/// default (a SageMaker notebook without `DirectInternetAccess` has direct internet access); settings that cannot
/// be known at scan time are nil, and no rule fails on them.
public struct Infrastructure: Sendable, Hashable {
    /// True for a live account, where what is not there is known to be absent (no GuardDuty detector means none);
    /// false for templates and plans, which declare only part of an account.
    public var isWholeAccount = false
    /// The account a live scan read (what account-level rules report against) and its regions.
    public var account: ResourceRef?
    public var regions: [String] = []

    /// The account as a resource in one region (a region without GuardDuty, without invocation logging).
    public func account(in region: String) -> ResourceRef? {
        guard var ref = account else { return nil }
        ref.location.region = region
        return ref
    }
    public var assets: [Asset] = []
    public var keys: [EncryptionKey] = []
    public var roles: [Role] = []
    public var policies: [AttachedPolicy] = []
    public var firewalls: [Firewall] = []
    public var serviceEndpoints: [ServiceEndpoint] = []
    public var monitors: [Monitor] = []
    public var alarmedPatterns: [AlarmedPattern] = []
    public var perimeters: [Perimeter] = []
    public var keyVaults: [KeyVault] = []
    /// Virtual networks declared (VPCs), where private endpoints belong.
    public var networks: [ResourceRef] = []

    public init() {}

    /// Adds another input's model (a file scanned on its own), in place: a scan of many files merges without copying.
    public static func += (left: inout Infrastructure, right: Infrastructure) {
        left.isWholeAccount = left.isWholeAccount || right.isWholeAccount
        left.assets += right.assets
        left.keys += right.keys
        left.roles += right.roles
        left.policies += right.policies
        left.firewalls += right.firewalls
        left.serviceEndpoints += right.serviceEndpoints
        left.monitors += right.monitors
        left.alarmedPatterns += right.alarmedPatterns
        left.perimeters += right.perimeters
        left.keyVaults += right.keyVaults
        left.networks += right.networks
    }

    /// Every asset of some kinds.
    public func assets(_ kinds: Asset.Kind...) -> [Asset] { assets.filter { kinds.contains($0.kind) } }
}

/// A resource as findings name it: its type as the input wrote it, its name there, and where it was declared.
public struct ResourceRef: Sendable, Hashable, Codable {
    public var type: String
    public var name: String
    public var location: ResourceLocation
    /// Its ARN or cloud id when known (live accounts).
    public var cloudID: String?
    /// The Rampart workloads it serves, from its `rampart:workload` tag (comma-separated); empty when untagged.
    public var workloads: [String]

    /// The cloud the resource lives in, from its type.
    public var cloud: PostureRule.Cloud {
        if type.hasPrefix("google_") { return .gcp }
        if type.hasPrefix("azurerm_") { return .azure }
        return .aws
    }

    public init(type: String, name: String, location: ResourceLocation, cloudID: String? = nil, workloads: [String] = []) {
        self.type = type
        self.name = name
        self.location = location
        self.cloudID = cloudID
        self.workloads = workloads
    }
}

/// How data at rest is encrypted.
public enum Encryption: Sendable, Hashable {
    /// Under a key the customer manages (its id or reference, when known).
    case customerKey(String?)
    /// Under a key the provider manages (SSE-S3, AWS-owned keys, Google- or Microsoft-managed keys).
    case providerKey
    case unknown
}

/// A resource that holds or processes data: buckets, log groups, trails, notebooks, models, endpoints, training jobs,
/// Bedrock custom models and agents, Vertex AI resources, Azure AI accounts.
public struct Asset: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        case bucket, logGroup, trail
        case sageMakerNotebook, sageMakerModel, sageMakerEndpointConfig, sageMakerDomain, sageMakerTrainingJob, sageMakerProcessingJob
        case bedrockCustomModel, bedrockAgent, bedrockInvocationLogging
        case vertexAIResource, googleInstance
        case azureAIAccount
    }

    public var ref: ResourceRef
    public var kind: Kind
    /// The names other resources may use for it: its logical id or address and its name property.
    public var names: [String] = []
    public var encryption: Encryption?
    /// Reachable from or to the internet directly (a public IP, direct internet access, public network access).
    public var publicNetwork: Bool?
    /// Placed in a private network (a VPC subnet, a VPC-only domain).
    public var inPrivateNetwork: Bool?
    public var networkIsolation: Bool?
    /// A private endpoint connects to it (Azure).
    public var privateEndpoint: Bool?
    /// On/off switch where the resource has one (logging configurations).
    public var enabled: Bool?
    public var bucket: BucketFacts?
    public var trail: TrailFacts?
    /// For a log group: its retention in days, 0 when it never expires.
    public var retentionDays: Int?
    public var tags: [String: String]

    public init(ref: ResourceRef, kind: Kind, tags: [String: String] = [:]) {
        self.ref = ref
        self.kind = kind
        self.tags = tags
    }
}

public struct BucketFacts: Sendable, Hashable {
    /// The shortest expiry of an enabled lifecycle rule, in days; nil when no rule expires objects.
    public var expirationDays: Int?
    public var lifecycleKnown = true
    public var policy: PolicyDocument?
    public var publicAccessBlocked: Bool?
    /// Holds datasets (tagged `rampart:data=dataset`, or named for datasets or training data).
    public var holdsDatasets: Bool

    public init(holdsDatasets: Bool) { self.holdsDatasets = holdsDatasets }
}

public struct TrailFacts: Sendable, Hashable {
    public var multiRegion: Bool?
    public var logFileValidation: Bool?
    /// The CloudWatch Logs group it delivers to (ARN, reference or name), nil when none.
    public var logGroup: String?
    public var logging: Bool?
}

/// A key in a KMS (AWS KMS, Cloud KMS, Azure Key Vault).
public struct EncryptionKey: Sendable, Hashable {
    public var ref: ResourceRef
    /// Symmetric encryption keys rotate; asymmetric and HMAC keys cannot, and are not held to rotation.
    public var rotates: Bool
    public var rotationEnabled: Bool?
    /// The rotation period in days (AWS's default when rotation is on without a period is 365).
    public var rotationDays: Int?
    public var policy: PolicyDocument?

    public init(ref: ResourceRef, rotates: Bool = true) {
        self.ref = ref
        self.rotates = rotates
    }
}

public struct Role: Sendable, Hashable {
    public var ref: ResourceRef
    public var roleName: String
    public var trust: PolicyDocument?
    /// Provider-managed policies attached by ARN (`arn:aws:iam::aws:policy/AmazonSageMakerFullAccess`).
    public var managedPolicyARNs: [String]
    /// A data scientist's role (tagged `rampart:role=data-scientist`, or named for data scientists).
    public var isDataScientist: Bool
}

/// A policy document and the roles it applies to (inline or attached).
public struct AttachedPolicy: Sendable, Hashable {
    public var ref: ResourceRef
    public var document: PolicyDocument
    /// Role names or references.
    public var roles: [String]
}

/// A security group's ingress.
public struct Firewall: Sendable, Hashable {
    public struct Ingress: Sendable, Hashable {
        public var source: String
        public var ports: String
    }

    public var ref: ResourceRef
    public var ingress: [Ingress]
}

/// A private endpoint to a provider service (AWS VPC interface endpoints).
public struct ServiceEndpoint: Sendable, Hashable {
    public var ref: ResourceRef
    public var service: String
    /// The network it is in (a reference or id), when known.
    public var network: String?
}

/// An account-level detection service: GuardDuty detectors, Security Hub.
public struct Monitor: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case guardDuty, securityHub }
    public var ref: ResourceRef
    public var kind: Kind
    public var enabled: Bool?
    /// Security Hub standards enabled (live scans), nil when not known.
    public var standards: [String]?
}

/// A metric filter on a log group with an alarm on its metric.
public struct AlarmedPattern: Sendable, Hashable {
    public var ref: ResourceRef
    public var logGroup: String?
    public var pattern: String
}

/// A VPC Service Controls perimeter.
public struct Perimeter: Sendable, Hashable {
    public var ref: ResourceRef
    public var restrictedServices: [String]
}

public struct KeyVault: Sendable, Hashable {
    public var ref: ResourceRef
    public var purgeProtection: Bool?
}
