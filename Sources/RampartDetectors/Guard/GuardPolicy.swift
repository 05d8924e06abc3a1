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
    /// `text` with each finding's span replaced by its type in brackets ("[EMAIL_ADDRESS]"); injection findings
    /// mark where an attack is, not data to hide, and stay.
    public static func redact(_ text: String, _ findings: [Finding]) -> String {
        redact(text, findings) { finding, _ in finding.category == .injection ? nil : "[\(finding.type)]" }
    }

    /// `text` with each finding's span replaced by what `replacement` returns for it and the text it covers (nil
    /// keeps the span). Findings are taken in text order, an outer one before those it contains; where findings
    /// overlap, a later one replaces only what the earlier left, so a character is replaced once and the text around
    /// the findings stays whole. Offsets are code points; a finding is cut at the end of the text, and one wholly past it
    /// is dropped.
    public static func redact(_ text: String, _ findings: [Finding], replacement: (Finding, Substring) -> String?) -> String {
        let scalars = text.unicodeScalars, count = scalars.count
        // Each bound is found from the one before: forward, or back within an overlap.
        var cursor = (index: scalars.startIndex, offset: 0)
        func index(_ offset: Int) -> String.Index {
            cursor = (scalars.index(cursor.index, offsetBy: offset - cursor.offset), offset)
            return cursor.index
        }
        var out = ""
        var copied = (index: scalars.startIndex, offset: 0)
        for finding in findings.sorted(by: { ($0.start, -$0.end) < ($1.start, -$1.end) }) where finding.start < count && min(finding.end, count) > copied.offset {
            let end = min(finding.end, count)
            let from = index(min(max(finding.start, copied.offset), end)), to = index(end)
            guard let placeholder = replacement(finding, text[from..<to]) else { continue }
            out += text[copied.index..<from]
            out += placeholder
            copied = (to, end)
        }
        out += text[copied.index...]
        return out
    }
}
