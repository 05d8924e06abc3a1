import Foundation
public import RampartCore
public import RampartMatrix
public import RampartYAML
import Yams

/// Runs the scoping questionnaire, from a terminal or from an answers file, and produces a validated manifest.
public struct QuestionnaireRunner {
    /// Reads one line of input; nil at end of input.
    public var readLine: () -> String?
    /// Writes a prompt or message for the person answering.
    public var write: (String) -> Void
    public var catalog: ControlCatalog
    public var clock: WallClock

    public init(readLine: @escaping () -> String?, write: @escaping (String) -> Void, catalog: ControlCatalog, clock: WallClock) {
        self.readLine = readLine
        self.write = write
        self.catalog = catalog
        self.clock = clock
    }

    /// Asks every question in turn, asking again (up to three times) when an answer does not parse. When the
    /// answers contradict each other, it says which and asks those questions again.
    public func interactive() throws(InputErrors) -> String {
        var sheet = AnswerSheet()
        write("Rampart scoping questionnaire. Numbers pick from a list; Ctrl-D stops.\n")
        for round in 1...3 {
            try askUnanswered(&sheet)
            guard let answers = Questionnaire.manifest(from: sheet).answers,
                  case .failure(let conflict) = ScopeClassifier.classify(answers), round < 3
            else { break }
            write("\n\(conflict.description)\nPlease answer these again.\n")
            for key in conflict.answers { sheet.answers[String(key.replacing("answers.", with: ""))] = nil }
        }
        return try finish(sheet, file: "questionnaire")
    }

    private func askUnanswered(_ sheet: inout AnswerSheet) throws(InputErrors) {
        for question in Questionnaire.questions where question.isAsked(sheet) && sheet.answers[question.id] == nil {
            var attempts = 0
            while true {
                write("\n\(question.prompt) \(question.hint)\n> ")
                guard let line = readLine() else {
                    throw InputErrors(InputError(.missingValue, "input ended before '\(question.id)' was answered"))
                }
                switch question.parse(line) {
                case .success(let answer):
                    sheet.answers[question.id] = answer
                case .failure(let problem):
                    attempts += 1
                    guard attempts < 3 else {
                        throw InputErrors(InputError(.invalidValue, "\(question.id): \(problem.message)"))
                    }
                    write("  \(problem.message)\n")
                    continue
                }
                break
            }
        }
    }

    /// Reads the answers from a YAML file whose keys are question ids; reports every bad answer at once.
    public func answers(from source: YAMLSource) throws(InputErrors) -> String {
        let root = try source.singleDocument()
        let raw = try StrictYAMLDecoder().decode([String: RawAnswer].self, from: root, file: source.file)
        var errors: [InputError] = []
        for key in raw.keys.sorted() where !Questionnaire.questionIDs.contains(key) {
            errors.append(LocatedProblem(.unknownKey, at: [.key(key)], "unknown question '\(key)'; the questions are \(Questionnaire.questionIDs.joined(separator: ", "))")
                .inputError(in: root, file: source.file))
        }
        var sheet = AnswerSheet()
        for question in Questionnaire.questions {
            guard question.isAsked(sheet) else {
                if raw[question.id] != nil {
                    errors.append(LocatedProblem(.invalidValue, at: [.key(question.id)], "'\(question.id)' does not apply given the other answers")
                        .inputError(in: root, file: source.file))
                }
                continue
            }
            switch question.parse(raw[question.id]?.text ?? "") {
            case .success(let answer): sheet.answers[question.id] = answer
            case .failure(let problem):
                errors.append(LocatedProblem(.invalidValue, at: [.key(question.id)], problem.message).inputError(in: root, file: source.file))
            }
        }
        guard errors.isEmpty else { throw InputErrors(errors) }
        return try finish(sheet, file: source.file)
    }

    /// Turns the answers into a manifest, validates it as `scope assess` would, and renders it as YAML.
    func finish(_ sheet: AnswerSheet, file: String) throws(InputErrors) -> String {
        let manifest = Questionnaire.manifest(from: sheet)
        let loader = ManifestLoader(catalog: catalog, clock: clock)
        switch loader.validate(manifest) {
        case .failure(let problems):
            throw InputErrors(problems.problems.map {
                InputError($0.code, $0.message, at: SourceLocation(file: file, keyPath: $0.path.description))
            })
        case .success:
            let yaml = ManifestWriter.yaml(manifest)
            // The written manifest must load back exactly; anything else is a bug in the writer.
            let reloaded = try loader.load(YAMLSource(text: yaml, file: file))
            precondition(reloaded.first?.manifest == manifest, "questionnaire manifest did not round-trip")
            return yaml
        }
    }
}

/// An answer as written in an answers file: text, a boolean, a number or a list.
struct RawAnswer: Decodable {
    var text: String

    init(from decoder: any Decoder) throws {
        if let list = try? decoder.singleValueContainer().decode([String].self) {
            text = list.joined(separator: ", ")
        } else if let list = try? [String](from: decoder) {
            text = list.joined(separator: ", ")
        } else {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) { text = flag ? "yes" : "no" } else { text = try container.decode(String.self) }
        }
    }
}
