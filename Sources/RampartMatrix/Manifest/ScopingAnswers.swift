import RampartCore

/// Answers to the scoping questions, from which Rampart derives the scope.
///
/// Only `access` is required; every other answer given must agree with it.
public struct ScopingAnswers: Sendable, Hashable, Codable {
    /// How the business reaches generative AI.
    public var access: Access?
    /// Whether there is a negotiated business agreement with the vendor (beyond click-through terms).
    public var vendorAgreement: Bool?
    /// What the business does to the model.
    public var modelCustomization: ModelCustomization?
    /// Who owns the model the workload runs.
    public var modelOwner: ModelOwner?
    /// What training data the business owns or sees.
    public var trainingData: TrainingDataVisibility?

    enum CodingKeys: String, CodingKey {
        case access
        case vendorAgreement = "vendor_agreement"
        case modelCustomization = "model_customization"
        case modelOwner = "model_owner"
        case trainingData = "training_data"
    }

    public init(
        access: Access? = nil, vendorAgreement: Bool? = nil, modelCustomization: ModelCustomization? = nil,
        modelOwner: ModelOwner? = nil, trainingData: TrainingDataVisibility? = nil
    ) {
        self.access = access
        self.vendorAgreement = vendorAgreement
        self.modelCustomization = modelCustomization
        self.modelOwner = modelOwner
        self.trainingData = trainingData
    }

    /// How the business reaches generative AI.
    public enum Access: String, Sendable, Hashable, Codable, CaseIterable {
        /// A public consumer app or API, used under the provider's terms of service.
        case publicConsumerService = "public-consumer-service"
        /// A third-party enterprise application with generative AI features inside.
        case enterpriseApplication = "enterprise-application"
        /// The business's own application, calling a model through an API.
        case ownApplication = "own-application"
        public init(from decoder: any Decoder) throws { self = try decodeClosedEnum(Self.self, from: decoder) }
    }

    /// What the business does to the model.
    public enum ModelCustomization: String, Sendable, Hashable, Codable, CaseIterable {
        /// Uses a third-party foundation model as it is.
        case none
        /// Fine-tunes a third-party foundation model with its own data.
        case fineTuned = "fine-tuned"
        /// Trains a model from scratch on data it owns or acquires.
        case trainedFromScratch = "trained-from-scratch"
        public init(from decoder: any Decoder) throws { self = try decodeClosedEnum(Self.self, from: decoder) }
    }

    /// Who owns the model.
    public enum ModelOwner: String, Sendable, Hashable, Codable, CaseIterable {
        case thirdParty = "third-party"
        case us
        public init(from decoder: any Decoder) throws { self = try decodeClosedEnum(Self.self, from: decoder) }
    }

    /// What training data the business owns or sees.
    public enum TrainingDataVisibility: String, Sendable, Hashable, Codable, CaseIterable {
        /// None: the training data is the provider's and unseen.
        case none
        /// Only the data it fine-tunes with.
        case fineTuningData = "fine-tuning-data"
        /// All of it: the business owns or acquired the whole training set.
        case all
        public init(from decoder: any Decoder) throws { self = try decodeClosedEnum(Self.self, from: decoder) }
    }
}
