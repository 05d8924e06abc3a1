public import RampartCore

/// The scope of a workload and why: either declared, derived from answers, or both in agreement.
public struct ScopeDecision: Sendable, Hashable, Codable {
    public var scope: Scope
    /// How the scope was reached: `declared`, `answers`, or `declared-and-answers`.
    public var basis: Basis
    /// Sentences that explain the decision, each citing the answer it rests on.
    public var rationale: [String]

    public enum Basis: String, Sendable, Hashable, Codable {
        case declared
        case answers
        case declaredAndAnswers = "declared-and-answers"
    }

    public init(scope: Scope, basis: Basis, rationale: [String]) {
        self.scope = scope
        self.basis = basis
        self.rationale = rationale
    }
}

/// Scoping answers that cannot all be true of one workload.
public struct ScopeConflict: Sendable, Hashable, Error, CustomStringConvertible {
    /// The answers in conflict, by key (`answers.access`, `scope`, ...).
    public var answers: [String]
    public var message: String

    public init(answers: [String], message: String) {
        self.answers = answers
        self.message = message
    }

    public var description: String { "\(answers.joined(separator: " and ")) conflict: \(message)" }
}
