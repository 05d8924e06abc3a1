public import Foundation
public import RampartCore

/// One generative-AI use of the business, as its owner declares it.
public struct WorkloadManifest: Sendable, Hashable, Codable {
    /// A short unique name: lower-case letters, digits, '-', '_' and '.'.
    public var name: String
    /// Who is accountable for the workload (a person, team or address).
    public var owner: String
    public var description: String?
    /// The declared scope; when answers are also given, the two must agree.
    public var scope: Scope?
    /// Answers to the scoping questions, from which the scope is derived.
    public var answers: ScopingAnswers?
    /// The providers and models the workload uses.
    public var providers: [ProviderUse]
    /// The data the workload reaches at run time (prompts, retrieval, outputs).
    public var data: DataProfile
    /// The data a fine-tuned or self-trained model learned from (scopes 4 and 5).
    public var trainingData: DataProfile?
    /// The regions the workload runs in.
    public var regions: [String]
    /// Who uses the workload.
    public var users: UserPopulation
    /// Whether prompts are augmented with retrieved documents (RAG).
    public var retrieval: Bool
    /// Statements by named people that controls hold.
    public var attestations: [Attestation]

    enum CodingKeys: String, CodingKey {
        case name, owner, description, scope, answers, providers, data, regions, users, retrieval, attestations
        case trainingData = "training_data"
    }

    public init(
        name: String, owner: String, description: String? = nil, scope: Scope? = nil,
        answers: ScopingAnswers? = nil, providers: [ProviderUse] = [], data: DataProfile,
        trainingData: DataProfile? = nil, regions: [String] = [], users: UserPopulation = .employees,
        retrieval: Bool = false, attestations: [Attestation] = []
    ) {
        self.name = name
        self.owner = owner
        self.description = description
        self.scope = scope
        self.answers = answers
        self.providers = providers
        self.data = data
        self.trainingData = trainingData
        self.regions = regions
        self.users = users
        self.retrieval = retrieval
        self.attestations = attestations
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        owner = try c.decode(String.self, forKey: .owner)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        scope = try c.decodeIfPresent(Scope.self, forKey: .scope)
        answers = try c.decodeIfPresent(ScopingAnswers.self, forKey: .answers)
        providers = try c.decodeIfPresent([ProviderUse].self, forKey: .providers) ?? []
        data = try c.decode(DataProfile.self, forKey: .data)
        trainingData = try c.decodeIfPresent(DataProfile.self, forKey: .trainingData)
        regions = try c.decodeIfPresent([String].self, forKey: .regions) ?? []
        users = try c.decodeIfPresent(UserPopulation.self, forKey: .users) ?? .employees
        retrieval = try c.decodeIfPresent(Bool.self, forKey: .retrieval) ?? false
        attestations = try c.decodeIfPresent([Attestation].self, forKey: .attestations) ?? []
    }
}

/// A provider and the models of it a workload uses.
public struct ProviderUse: Sendable, Hashable, Codable {
    public var name: String
    public var models: [String]

    public init(name: String, models: [String] = []) {
        self.name = name
        self.models = models
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        models = try c.decodeIfPresent([String].self, forKey: .models) ?? []
    }
}

/// How sensitive a body of data is and what kinds of regulated data it holds.
public struct DataProfile: Sendable, Hashable, Codable {
    public var classification: DataClassification
    public var kinds: [DataKind]

    public init(classification: DataClassification, kinds: [DataKind] = []) {
        self.classification = classification
        self.kinds = kinds
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        classification = try c.decode(DataClassification.self, forKey: .classification)
        kinds = try c.decodeIfPresent([DataKind].self, forKey: .kinds) ?? []
    }
}

/// Who uses a workload.
public enum UserPopulation: String, Sendable, Hashable, Codable, CaseIterable {
    case employees
    case partners
    case customers
    case `public` = "public"

    public init(from decoder: any Decoder) throws { self = try decodeClosedEnum(Self.self, from: decoder) }
}

/// A named person's statement that a control holds for a workload, with a pointer to the evidence.
public struct Attestation: Sendable, Hashable, Codable {
    /// The control id, which must exist in the catalog.
    public var control: String
    /// Who attests (name or address).
    public var by: String
    /// When the attestation was made; older than the catalog's limit, it no longer counts.
    public var date: Date
    /// Where the evidence is (a document, a ticket, a URL).
    public var evidence: String

    public init(control: String, by: String, date: Date, evidence: String) {
        self.control = control
        self.by = by
        self.date = date
        self.evidence = evidence
    }
}
