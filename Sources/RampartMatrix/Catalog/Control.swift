public import RampartCore

/// One control of the catalog: what must hold, for which scopes, how it is shown, and what it maps to.
public struct Control: Sendable, Hashable, Codable, Identifiable {
    /// A stable identifier such as `KEY-ROTATION-90D`; attestations and findings name controls by it.
    public var id: String
    public var title: String
    public var discipline: Discipline
    /// The scopes the control applies to, ascending.
    public var scopes: [Scope]
    public var level: Level
    /// Why the control matters, in a sentence or two.
    public var rationale: String
    /// The ways the control can be shown to hold.
    public var evidence: [EvidenceMethod]
    /// For `manifest` evidence: which fact of the workload manifest shows it.
    public var manifestFact: ManifestFact?
    /// Further conditions; the control applies when any one alternative holds. Empty: always applies.
    public var appliesWhen: [Applicability]
    /// Provider-native tools that meet the control.
    public var tools: ProviderTools
    /// References into compliance frameworks.
    public var mappings: FrameworkMappings

    /// Whether a missing control fails `--fail-on missing`.
    public enum Level: String, Sendable, Hashable, Codable, CaseIterable {
        case required
        case recommended
        public init(from decoder: any Decoder) throws { self = try decodeClosedEnum(Self.self, from: decoder) }
    }

    enum CodingKeys: String, CodingKey {
        case id, title, discipline, scopes, level, rationale, evidence, tools, mappings
        case manifestFact = "manifest_fact"
        case appliesWhen = "applies_when"
    }

    public init(
        id: String, title: String, discipline: Discipline, scopes: [Scope], level: Level, rationale: String,
        evidence: [EvidenceMethod], manifestFact: ManifestFact? = nil, appliesWhen: [Applicability] = [],
        tools: ProviderTools = ProviderTools(), mappings: FrameworkMappings = FrameworkMappings()
    ) {
        self.id = id
        self.title = title
        self.discipline = discipline
        self.scopes = scopes
        self.level = level
        self.rationale = rationale
        self.evidence = evidence
        self.manifestFact = manifestFact
        self.appliesWhen = appliesWhen
        self.tools = tools
        self.mappings = mappings
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        title = try c.decode(String.self, forKey: .title)
        discipline = try c.decode(Discipline.self, forKey: .discipline)
        scopes = try c.decode([Scope].self, forKey: .scopes)
        level = try c.decode(Level.self, forKey: .level)
        rationale = try c.decode(String.self, forKey: .rationale)
        evidence = try c.decode([EvidenceMethod].self, forKey: .evidence)
        manifestFact = try c.decodeIfPresent(ManifestFact.self, forKey: .manifestFact)
        appliesWhen = try c.decodeIfPresent([Applicability].self, forKey: .appliesWhen) ?? []
        tools = try c.decodeIfPresent(ProviderTools.self, forKey: .tools) ?? ProviderTools()
        mappings = try c.decodeIfPresent(FrameworkMappings.self, forKey: .mappings) ?? FrameworkMappings()
    }
}

/// A way of showing that a control holds.
public enum EvidenceMethod: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// A named person vouches for it in the workload manifest.
    case attestation
    /// The workload manifest itself declares it.
    case manifest
    /// Rampart's own gateway configuration enforces it.
    case gatewayConfig = "gateway-config"
    /// A posture scan of the hosting infrastructure shows it.
    case infrastructureScan = "infrastructure-scan"
    /// Rampart's runtime records (audit log, findings, key events) show it.
    case runtimeRecord = "runtime-record"

    public var description: String { rawValue }
    public init(from decoder: any Decoder) throws { self = try decodeClosedEnum(Self.self, from: decoder) }
}

/// A fact a workload manifest can declare that, by itself, evidences a control.
public enum ManifestFact: String, Sendable, Hashable, Codable, CaseIterable {
    /// The workload has a name, an owner and a scope.
    case ownerAndScope = "owner-and-scope"
    /// The classification of the data the workload reaches is declared.
    case dataClassification = "data-classification"
    /// The classification of the training data is declared (scopes 4 and 5).
    case trainingDataClassification = "training-data-classification"

    public init(from decoder: any Decoder) throws { self = try decodeClosedEnum(Self.self, from: decoder) }
}

/// Provider-native tools that meet a control, per cloud.
public struct ProviderTools: Sendable, Hashable, Codable {
    public var aws: [String]
    public var gcp: [String]
    public var azure: [String]

    public init(aws: [String] = [], gcp: [String] = [], azure: [String] = []) {
        self.aws = aws
        self.gcp = gcp
        self.azure = azure
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        aws = try c.decodeIfPresent([String].self, forKey: .aws) ?? []
        gcp = try c.decodeIfPresent([String].self, forKey: .gcp) ?? []
        azure = try c.decodeIfPresent([String].self, forKey: .azure) ?? []
    }
}
