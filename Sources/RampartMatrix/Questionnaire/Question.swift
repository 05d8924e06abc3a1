/// One scoping question: what is asked, what answers it takes, and when it is asked.
public struct Question: Sendable {
    public enum Kind: Sendable, Hashable {
        /// Free text on one line.
        case text
        /// Yes or no.
        case yesNo
        /// One of the listed values.
        case choice([String])
        /// A comma-separated list of free values.
        case list
        /// A comma-separated list of values from the given set.
        case listOf([String])
    }

    /// The key in an answers file and in the manifest written.
    public var id: String
    public var prompt: String
    public var kind: Kind
    /// Whether an empty answer is accepted.
    public var optional: Bool
    /// Whether the question is asked, given the answers so far.
    public var isAsked: @Sendable (AnswerSheet) -> Bool

    public init(
        _ id: String, _ prompt: String, _ kind: Kind, optional: Bool = false,
        askedWhen isAsked: @escaping @Sendable (AnswerSheet) -> Bool = { _ in true }
    ) {
        self.id = id
        self.prompt = prompt
        self.kind = kind
        self.optional = optional
        self.isAsked = isAsked
    }

    /// The hint printed after the prompt: the choices, or how to answer.
    public var hint: String {
        switch kind {
        case .text: optional ? "(optional)" : ""
        case .yesNo: "[yes/no]"
        case .choice(let values): "[" + values.enumerated().map { "\($0.offset + 1) \($0.element)" }.joined(separator: " | ") + "]"
        case .list: "(comma-separated\(optional ? ", optional" : ""))"
        case .listOf(let values): "(comma-separated from: \(values.joined(separator: ", "))\(optional ? "; optional" : ""))"
        }
    }

    /// Parses typed input into an answer, or says what is wrong with it.
    public func parse(_ input: String) -> Result<Answer, AnswerProblem> {
        let text = input.trimmingCharacters(in: .whitespaces)
        if text.isEmpty {
            return optional ? .success(.none) : .failure(AnswerProblem(message: "an answer is required"))
        }
        switch kind {
        case .text:
            return .success(.text(text))
        case .yesNo:
            switch text.lowercased() {
            case "y", "yes", "true": return .success(.bool(true))
            case "n", "no", "false": return .success(.bool(false))
            default: return .failure(AnswerProblem(message: "answer yes or no"))
            }
        case .choice(let values):
            if let number = Int(text), values.indices.contains(number - 1) { return .success(.text(values[number - 1])) }
            guard values.contains(text) else {
                return .failure(AnswerProblem(message: "choose one of \(values.joined(separator: ", "))"))
            }
            return .success(.text(text))
        case .list:
            return .success(.list(Self.split(text)))
        case .listOf(let values):
            let items = Self.split(text)
            if let wrong = items.first(where: { !values.contains($0) }) {
                return .failure(AnswerProblem(message: "'\(wrong)' is not one of \(values.joined(separator: ", "))"))
            }
            return .success(.list(items))
        }
    }

    static func split(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// An answer to one question.
public enum Answer: Sendable, Hashable {
    case none
    case text(String)
    case bool(Bool)
    case list([String])

    var text: String? { if case .text(let value) = self { value } else { nil } }
    var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
    var list: [String] { if case .list(let value) = self { value } else { [] } }
}

/// What is wrong with an answer.
public struct AnswerProblem: Error, Sendable, Hashable {
    public var message: String
}

/// The answers given so far, by question id.
public struct AnswerSheet: Sendable, Hashable {
    public var answers: [String: Answer] = [:]
    public init() {}
    public subscript(id: String) -> Answer { answers[id] ?? .none }
}
