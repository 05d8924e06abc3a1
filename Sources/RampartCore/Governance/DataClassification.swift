/// How sensitive a body of data is, ordered from least to most sensitive.
///
/// A fine-tuned or self-trained model takes the highest classification of the data it was trained on.
public enum DataClassification: String, Sendable, Hashable, Comparable, CaseIterable, Codable, CustomStringConvertible {
    case `public` = "public"
    case `internal` = "internal"
    case confidential = "confidential"
    case restricted = "restricted"

    private var rank: Int {
        switch self {
        case .public: 0
        case .internal: 1
        case .confidential: 2
        case .restricted: 3
        }
    }

    public static func < (lhs: DataClassification, rhs: DataClassification) -> Bool { lhs.rank < rhs.rank }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws { self = try decodeClosedEnum(Self.self, from: decoder) }
}

/// A kind of regulated or sensitive data a workload handles.
public enum DataKind: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// Personal data (GDPR's "personal data", personally identifiable information).
    case pii
    /// Protected health information (HIPAA).
    case phi
    /// Payment card data (PCI DSS).
    case pci
    /// Credentials and secrets.
    case credentials
    /// Proprietary business data and intellectual property.
    case proprietary
    /// Source code.
    case sourceCode = "source-code"

    /// Whether this kind is personal data for GDPR's right to erasure.
    public var isPersonal: Bool { self == .pii || self == .phi }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws { self = try decodeClosedEnum(Self.self, from: decoder) }
}
