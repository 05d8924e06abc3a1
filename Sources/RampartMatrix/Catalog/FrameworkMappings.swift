/// A compliance or threat framework that controls map to.
public enum Framework: String, Sendable, Hashable, CaseIterable, Codable {
    case gdpr
    case soc2
    case iso27001
    case hipaa
    case iso42001
    case nistAIRMF = "nist_ai_rmf"
    case owaspLLM = "owasp_llm"
    case mitreATLAS = "mitre_atlas"

    /// The framework's name as reports print it.
    public var title: String {
        switch self {
        case .gdpr: "GDPR"
        case .soc2: "SOC 2 (Trust Services Criteria)"
        case .iso27001: "ISO/IEC 27001:2022 Annex A"
        case .hipaa: "HIPAA Security Rule (45 CFR)"
        case .iso42001: "ISO/IEC 42001:2023 Annex A"
        case .nistAIRMF: "NIST AI RMF 1.0"
        case .owaspLLM: "OWASP Top 10 for LLM Applications 2025"
        case .mitreATLAS: "MITRE ATLAS mitigations"
        }
    }

    /// An example of a well-formed reference, for error messages.
    public var example: String {
        switch self {
        case .gdpr: "Art. 32"
        case .soc2: "CC6.1"
        case .iso27001: "A.8.24"
        case .hipaa: "164.312(a)(2)(iv)"
        case .iso42001: "A.6.2.8"
        case .nistAIRMF: "GOVERN 1.1"
        case .owaspLLM: "LLM01:2025"
        case .mitreATLAS: "AML.M0020"
        }
    }

    /// Whether `reference` has this framework's form and names something that exists in it.
    public func isValid(_ reference: String) -> Bool {
        switch self {
        case .gdpr:
            guard let match = reference.wholeMatch(of: /Art\. ([0-9]{1,2})(\([0-9]{1,2}\))?(\([a-z]\))?/),
                  let article = Int(match.1) else { return false }
            return (1...99).contains(article)
        case .soc2:
            return reference.wholeMatch(of: /CC[1-9]\.[1-9]|A1\.[1-3]|C1\.[12]|PI1\.[1-5]|P[1-8]\.[1-6]/) != nil
        case .iso27001:
            guard let match = reference.wholeMatch(of: /A\.([5-8])\.([0-9]{1,2})/),
                  let theme = Int(match.1), let number = Int(match.2) else { return false }
            let sizes = [5: 37, 6: 8, 7: 14, 8: 34]
            return (1...(sizes[theme] ?? 0)).contains(number)
        case .hipaa:
            return reference.wholeMatch(of: /164\.(308|310|312|314|316)(\([a-zA-Z0-9]{1,4}\))*/) != nil
        case .iso42001:
            guard let match = reference.wholeMatch(of: /A\.([0-9]{1,2})(\.[0-9]{1,2}){1,2}/),
                  let clause = Int(match.1) else { return false }
            return (2...10).contains(clause)
        case .nistAIRMF:
            guard let match = reference.wholeMatch(of: /(GOVERN|MAP|MEASURE|MANAGE) ([0-9])\.([0-9]{1,2})/),
                  let category = Int(match.2) else { return false }
            let categories = ["GOVERN": 6, "MAP": 5, "MEASURE": 4, "MANAGE": 4]
            return (1...(categories[String(match.1)] ?? 0)).contains(category)
        case .owaspLLM:
            guard let match = reference.wholeMatch(of: /LLM([0-9]{2}):2025/), let number = Int(match.1) else {
                return false
            }
            return (1...10).contains(number)
        case .mitreATLAS:
            guard let match = reference.wholeMatch(of: /AML\.M([0-9]{4})/), let number = Int(match.1) else {
                return false
            }
            return (0...34).contains(number)
        }
    }
}

/// A control's references into each framework.
public struct FrameworkMappings: Sendable, Hashable, Codable {
    public private(set) var references: [Framework: [String]]

    public init(_ references: [Framework: [String]] = [:]) {
        self.references = references.filter { !$0.value.isEmpty }
    }

    /// The references into one framework, in catalog order.
    public subscript(framework: Framework) -> [String] { references[framework] ?? [] }

    /// The frameworks this control maps to, in `Framework` order.
    public var frameworks: [Framework] { Framework.allCases.filter { references[$0] != nil } }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Framework.CodingKey.self)
        var references: [Framework: [String]] = [:]
        for framework in Framework.allCases {
            let key = Framework.CodingKey(framework)
            if let list = try container.decodeIfPresent([String].self, forKey: key) { references[framework] = list }
        }
        self.init(references)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Framework.CodingKey.self)
        for framework in Framework.allCases {
            try container.encode(self[framework], forKey: Framework.CodingKey(framework))
        }
    }
}

extension Framework {
    /// The key a framework has in catalog files and JSON output.
    public struct CodingKey: Swift.CodingKey {
        public var stringValue: String
        public var intValue: Int? { nil }
        public init(_ framework: Framework) { self.stringValue = framework.rawValue }
        public init?(stringValue: String) { self.stringValue = stringValue }
        public init?(intValue: Int) { return nil }
    }
}
