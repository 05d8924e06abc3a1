/// A scope of the Generative AI Security Scoping Matrix: how much of the model and its data the business owns.
///
/// Scopes run from least ownership (1, a public consumer app) to greatest (5, a model trained from scratch).
public enum Scope: Int, Sendable, Hashable, Comparable, CaseIterable, Codable, CustomStringConvertible {
    case consumerApp = 1
    case enterpriseApp = 2
    case pretrainedModel = 3
    case fineTunedModel = 4
    case selfTrainedModel = 5

    /// Creates a scope from its number, or nil outside 1...5.
    public init?(number: Int) { self.init(rawValue: number) }

    /// The scope's number, 1 to 5.
    public var number: Int { rawValue }

    /// The short name used in the matrix ("Consumer app", ...).
    public var title: String {
        switch self {
        case .consumerApp: "Consumer app"
        case .enterpriseApp: "Enterprise app"
        case .pretrainedModel: "Pre-trained models"
        case .fineTunedModel: "Fine-tuned models"
        case .selfTrainedModel: "Self-trained models"
        }
    }

    /// Whether the business buys (scopes 1-2) or builds (scopes 3-5) its generative AI.
    public var isBuying: Bool { rawValue <= 2 }

    /// One sentence on what the scope means.
    public var meaning: String {
        switch self {
        case .consumerApp:
            "The business consumes a public third-party generative AI service under its terms of service; it neither owns nor sees the model or its training data and cannot modify them."
        case .enterpriseApp:
            "The business uses a third-party enterprise application with generative AI features inside, under a business agreement with the vendor."
        case .pretrainedModel:
            "The business builds its own application on an existing third-party foundation model, integrated through an API."
        case .fineTunedModel:
            "The business refines a third-party foundation model with its own data, producing a new model specialised to its workload."
        case .selfTrainedModel:
            "The business trains a model from scratch on data it owns or acquires, and owns every aspect of the model."
        }
    }

    public static func < (lhs: Scope, rhs: Scope) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "scope \(rawValue) (\(title))" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let number = try container.decode(Int.self)
        guard let scope = Scope(number: number) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "scope must be 1 to 5, got \(number)")
        }
        self = scope
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
