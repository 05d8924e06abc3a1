/// One of the five security disciplines that the Scoping Matrix spans.
public enum Discipline: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    case governance = "governance-compliance"
    case legal = "legal-privacy"
    case risk = "risk-management"
    case controls = "controls"
    case resilience = "resilience"

    /// The discipline's title as the matrix prints it.
    public var title: String {
        switch self {
        case .governance: "Governance & compliance"
        case .legal: "Legal & privacy"
        case .risk: "Risk management"
        case .controls: "Controls"
        case .resilience: "Resilience"
        }
    }

    /// What the discipline covers.
    public var meaning: String {
        switch self {
        case .governance: "The policies, procedures and reporting needed to empower the business while minimising risk."
        case .legal: "The regulatory, legal and privacy requirements for using or creating generative AI solutions."
        case .risk: "Identification of threats to generative AI solutions and the mitigations recommended for them."
        case .controls: "The security controls implemented to mitigate risk."
        case .resilience: "Architecting generative AI solutions to stay available and meet business SLAs."
        }
    }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws { self = try decodeClosedEnum(Self.self, from: decoder) }
}
