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
        // Found only in answers, where it is replaced.
        case .exfiltration: .redact
        }
    }

    /// The action for a set of findings: the most severe.
    public func action(for findings: [Finding]) -> Action {
        findings.map { action(for: $0.category) }.max() ?? .allow
    }
}

/// Replaces findings in a text by typed placeholders.
public enum Redactor {
    /// A stretch of text, in code points, and what it is replaced by.
    public struct Span: Sendable, Hashable {
        public var range: Range<Int>
        public var replacement: String

        public init(_ range: Range<Int>, _ replacement: String) {
            self.range = range
            self.replacement = replacement
        }

        /// The part of the span inside `part` of a longer text, in the part's offsets: the replacement stays with the
        /// part where the span starts, and the span's other parts are removed. Nil when the span misses the part.
        public func clipped(to part: Range<Int>) -> Span? {
            guard range.lowerBound < part.upperBound, range.upperBound > part.lowerBound else { return nil }
            let inside = max(range.lowerBound, part.lowerBound)..<min(range.upperBound, part.upperBound)
            return Span((inside.lowerBound - part.lowerBound)..<(inside.upperBound - part.lowerBound), range.lowerBound >= part.lowerBound ? replacement : "")
        }
    }

    /// `text` with each finding's span replaced by its type in brackets ("[EMAIL_ADDRESS]"); injection findings
    /// mark where an attack is, not data to hide, and stay.
    public static func redact(_ text: String, _ findings: [Finding]) -> String {
        redact(text, spans: findings.filter { $0.category != .injection }.map(placeholder))
    }

    /// The span of a finding, replaced by its type in brackets.
    public static func placeholder(_ finding: Finding) -> Span { Span(finding.start..<finding.end, "[\(finding.type)]") }

    /// `text` with each span replaced. Spans are taken in text order, an outer one before those it contains; where
    /// spans overlap, a later one replaces only what the earlier left, so a character is replaced once and the text
    /// around the spans stays whole. Offsets are code points; a span is cut at the end of the text, and one wholly
    /// past it is dropped.
    public static func redact(_ text: String, spans: [Span]) -> String {
        let scalars = text.unicodeScalars, count = scalars.count
        // Each bound is found from the one before.
        var cursor = (index: scalars.startIndex, offset: 0)
        func index(_ offset: Int) -> String.Index {
            cursor = (scalars.index(cursor.index, offsetBy: offset - cursor.offset), offset)
            return cursor.index
        }
        var out = ""
        var copied = (index: scalars.startIndex, offset: 0)
        for span in spans.sorted(by: { ($0.range.lowerBound, -$0.range.upperBound) < ($1.range.lowerBound, -$1.range.upperBound) })
        where span.range.lowerBound < count && min(span.range.upperBound, count) > copied.offset {
            let end = min(span.range.upperBound, count)
            let from = index(min(max(span.range.lowerBound, copied.offset), end)), to = index(end)
            out += text[copied.index..<from]
            out += span.replacement
            copied = (to, end)
        }
        out += text[copied.index...]
        return out
    }
}
