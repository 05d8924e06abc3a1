public import RampartCore

/// What an action is about: a model, a principal, a key, evidence...
public struct Resource: Sendable, Hashable, CustomStringConvertible {
    public struct Kind: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A model name the gateway serves (its workload, scope and classification come with it).
        public static let model = Kind(rawValue: "model")
        public static let principal = Kind(rawValue: "principal")
        public static let apiKey = Kind(rawValue: "apikey")
        public static let policy = Kind(rawValue: "policy")
        public static let budget = Kind(rawValue: "budget")
        public static let evidence = Kind(rawValue: "evidence")
        public static let audit = Kind(rawValue: "audit")
        public static let dataset = Kind(rawValue: "dataset")
        public static let key = Kind(rawValue: "key")
        /// Rampart's detectors, offered as a service.
        public static let guardService = Kind(rawValue: "guard")

        /// A detection finding, and a containment the response imposed.
        public static let finding = Kind(rawValue: "finding")
        public static let containment = Kind(rawValue: "containment")

        public static let all: [Kind] = [model, principal, apiKey, policy, budget, evidence, audit, dataset, key, guardService, finding, containment]
    }

    public var kind: Kind
    public var id: String
    /// The tenant that owns it; nil for what every tenant shares (models, the control catalog).
    public var tenant: String?
    /// How sensitive it is; for a model, the highest of its workload's data and, for scopes 4 and 5, its training data.
    public var classification: DataClassification?
    /// The workload a model belongs to.
    public var workload: String?
    /// Where it runs (a model deployment's region).
    public var region: String?

    public init(kind: Kind, id: String, tenant: String? = nil, classification: DataClassification? = nil,
                workload: String? = nil, region: String? = nil) {
        self.kind = kind
        self.id = id
        self.tenant = tenant
        self.classification = classification
        self.workload = workload
        self.region = region
    }

    public var description: String { "\(kind.rawValue) '\(id)'" }
}
