public import RampartCore

/// What to do about findings of each category, by the workload's scope: the defaults documented in
/// docs/detectors.md. The most severe action of any finding decides for the whole text.
public struct GuardPolicy: Sendable, Hashable {
    public enum Action: String, Sendable, Hashable, Codable, Comparable, CaseIterable {
        case allow
        /// Replace each finding by a typed placeholder (`[EMAIL_ADDRESS]`).
        case redact
        /// Replace each finding by a reversible token (`[EMAIL_ADDRESS:7QX2M9KD]`), restored in the answer for
        /// callers allowed to see it; the value is kept sealed in the vault.
        case pseudonymize
        /// Refuse the call.
        case block

        var severity: Int {
            switch self {
            case .allow: 0
            case .pseudonymize: 1
            case .redact: 2
            case .block: 3
            }
        }

        public static func < (a: Action, b: Action) -> Bool { a.severity < b.severity }
    }

    public var pii: Action
    public var secret: Action
    public var injection: Action
    public var canary: Action

    public init(pii: Action, secret: Action, injection: Action, canary: Action = .block) {
        self.pii = pii
        self.secret = secret
        self.injection = injection
        self.canary = canary
    }

    /// Scope 1 (consumer apps): nothing personal or secret leaves; scope 2 (enterprise apps): personal data is
    /// redacted; scopes 3-5 (models the company calls under contract, tunes or trains): personal data is
    /// pseudonymized and restored in answers; secrets and injections are refused everywhere.
    public static func defaults(for scope: Scope) -> GuardPolicy {
        switch scope {
        case .consumerApp: GuardPolicy(pii: .block, secret: .block, injection: .block)
        case .enterpriseApp: GuardPolicy(pii: .redact, secret: .block, injection: .block)
        default: GuardPolicy(pii: .pseudonymize, secret: .block, injection: .block)
        }
    }

    public func action(for category: Finding.Category) -> Action {
        switch category {
        case .pii: pii
        case .secret: secret
        case .injection: injection
        case .canary: canary
        }
    }

    /// The action for a set of findings: the most severe.
    public func action(for findings: [Finding]) -> Action {
        findings.map { action(for: $0.category) }.max() ?? .allow
    }
}

/// Replaces findings in a text by typed placeholders.
public enum Redactor {
    public static func redact(_ text: String, _ findings: [Finding]) -> String {
        var scalars = Array(text.unicodeScalars)
        for finding in findings.sorted(by: { $0.start > $1.start }) where finding.category != .injection {
            let start = max(0, min(finding.start, scalars.count)), end = max(start, min(finding.end, scalars.count))
            scalars.replaceSubrange(start..<end, with: "[\(finding.type)]".unicodeScalars)
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
