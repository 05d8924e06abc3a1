public import ArgumentParser
import Foundation
import RampartApp
import RampartCore
public import RampartMatrix
import RampartYAML

extension OutputFormat: ExpressibleByArgument {}

struct ScopeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scope", abstract: "The Scoping Matrix: assess workloads, scope new ones, print the matrix.",
        subcommands: [Assess.self, Questionnaire.self, Matrix.self])

    struct Assess: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "assess", abstract: "Scope and control status for workload manifests.",
            discussion: "PATH is a manifest file or a directory of them; without one, the configuration's `workloads` are used.")

        @Argument(help: "Manifest files or directories.") var paths: [String] = []
        @Option(help: "text, json, markdown or html.") var format: OutputFormat = .text
        @Option(name: .customLong("fail-on"), help: "'missing': exit 1 when a required control is missing.")
        var failOn: FailOn?
        @Flag(help: "Also store the results in the database.") var record = false
        @Option(name: .customLong("posture"), help: "Templates, plans or directories (or 'aws') whose posture scan is evidence for the infrastructure controls (repeatable).")
        var posture: [String] = []
        @OptionGroup var state: StateOptions

        enum FailOn: String, ExpressibleByArgument { case missing }

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            let output = try await ScopeCommands.assess(
                paths: paths, format: format, failOnMissing: failOn == .missing, record: record, posture: posture, context: context)
            print(output.text, terminator: "")
            if output.exitCode != 0 { throw ExitCode(output.exitCode) }
        }
    }

    struct Questionnaire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "questionnaire", abstract: "Ask the scoping questions and write a workload manifest.",
            discussion: "Interactive by default; --answers FILE takes the answers from a YAML file keyed by question id.")

        @Option(help: "A YAML file of answers, keyed by question id.") var answers: String?
        @Option(name: .shortAndLong, help: "Write the manifest here (atomically) instead of to standard output.")
        var output: String?

        func run() async throws {
            let runner = QuestionnaireRunner(
                readLine: { Swift.readLine(strippingNewline: true) },
                write: { text in FileHandle.standardError.write(Data(text.utf8)) },
                catalog: try ControlCatalog.bundled(), clock: .system)
            let yaml = try answers.map { try runner.answers(from: YAMLSource.read(path: $0)) } ?? runner.interactive()
            if let output {
                do {
                    try AtomicFile.write(yaml, to: output)
                } catch {
                    throw InputErrors(InputError(.unreadable, "cannot write the manifest", at: SourceLocation(file: output)))
                }
                FileHandle.standardError.write(Data("wrote \(output)\n".utf8))
            } else {
                print(yaml, terminator: "")
            }
        }
    }

    struct Matrix: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "matrix", abstract: "The matrix (scopes by disciplines) and the control catalog.")

        @Option(help: "text, json or markdown.") var format: OutputFormat = .text

        func validate() throws {
            guard MatrixRenderer.formats.contains(format) else {
                throw ValidationError("the matrix renders as text, json or markdown")
            }
        }

        func run() async throws {
            print(try ScopeCommands.matrix(format: format).text, terminator: "")
        }
    }
}
