import ArgumentParser
import RampartApp

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Evidence for auditors: a signed evidence bundle, its check, and the posture summary.",
        subcommands: [Evidence.self, Verify.self, Posture.self, Key.self])

    struct Evidence: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "evidence", abstract: "Write a signed evidence bundle (controls, configuration, audit checkpoints, key rotation, access policy, retention, posture).")
        @Option(help: ArgumentHelp("A new directory to write the bundle to.", valueName: "dir")) var out: String
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            let bar = ProgressBar(label: "verifying the audit log", unit: .count)
            print(try await ReportCommands.evidence(output: out, context: context, progress: bar.update).text, terminator: "")
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "verify", abstract: "Check an evidence bundle against its signed MANIFEST; exit 1 naming what differs.")
        @Argument(help: "The bundle's directory.") var directory: String
        @Option(help: ArgumentHelp("Check with this verifier key (NAME+ID+KEY) instead of the operator's.", valueName: "key")) var verifierKey: String?
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            let output = try ReportCommands.verify(directory: directory, verifierKey: verifierKey, context: context)
            print(output.text, terminator: "")
            if output.exitCode != 0 { throw ExitCode(output.exitCode) }
        }
    }

    struct Posture: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "posture", abstract: "The posture summary (identity and access, network, encryption, detection, logging, incident response, compliance) from Rampart's state.")
        @Option(help: "markdown or html.") var format: PostureFormat = .markdown
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            let bar = ProgressBar(label: "verifying the audit log", unit: .count)
            print(try await ReportCommands.posture(html: format == .html, context: context, progress: bar.update).text, terminator: "")
        }
    }

    struct Key: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "key", abstract: "Print the verifier key of evidence bundles.")
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            print(try ReportCommands.key(context: context).text, terminator: "")
        }
    }
}

enum PostureFormat: String, ExpressibleByArgument, Sendable {
    case markdown, html
}
