import ArgumentParser
import RampartApp

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "The tamper-evident audit log: verify it, show or prove an entry, sign a checkpoint, show the verifier key.",
        subcommands: [Verify.self, Show.self, Prove.self, Checkpoint.self, Key.self, Export.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify", abstract: "Recompute the log from storage and check every entry and signed checkpoint; exit 1 naming the first bad entry.")
        @Option(help: ArgumentHelp("Check signatures with this verifier key (NAME+ID+KEY) instead of the operator's.", valueName: "key"))
        var verifierKey: String?
        @Option(name: .customLong("checkpoint"), help: ArgumentHelp(
            "A signed checkpoint kept outside the database (repeatable); it also catches a rollback that deleted stored checkpoints.",
            valueName: "file")) var checkpoints: [String] = []
        @Option(help: "text or json.") var format: TextOrJSON = .text
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            let bar = ProgressBar(label: "verifying", unit: .count)
            let output = try await AuditCommands.verify(context: context, verifierKey: verifierKey, checkpointFiles: checkpoints,
                                                        json: format == .json, progress: bar.update)
            print(output.text, terminator: "")
            if output.exitCode != 0 { throw ExitCode(output.exitCode) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Print ENTRY's event as JSON; personal facts read as sealed, as erased, or opened for a credential allowed to decrypt them.")
        @Argument(help: "The entry's sequence number (from 0).") var entry: Int
        @Option(help: ArgumentHelp(
            "A file holding an API key or OIDC token to open personal facts as (a service identity granted key:decrypt on subject:*/personal).",
            valueName: "path")) var credentialFile: String?
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            print(try await AuditCommands.show(entry: entry, credentialFile: credentialFile, context: context).text, terminator: "")
        }
    }

    struct Prove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prove", abstract: "Print an inclusion proof of ENTRY in the latest signed checkpoint that covers it, with the record and the checkpoint.")
        @Argument(help: "The entry's sequence number (from 0).") var entry: Int
        @Option(help: "text or json.") var format: TextOrJSON = .text
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            print(try await AuditCommands.prove(entry: entry, context: context, json: format == .json).text, terminator: "")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export", abstract: "Send the log to the SIEM exports under audit.export (OCSF 1.6; ASFF to Security Hub) until each has caught up.")
        @Option(help: ArgumentHelp("Run only the export with this name.", valueName: "name")) var only: String?
        @Flag(help: "Also send a Compliance Finding per control and workload of the current Scoping Matrix assessment.") var compliance = false
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            let bar = ProgressBar(label: "exporting", unit: .count)
            print(try await AuditCommands.export(only: only, compliance: compliance, context: context,
                                                 progress: { _, entries in bar.update(Int64(entries), Int64(entries)) }).text, terminator: "")
        }
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "checkpoint", abstract: "Sign a checkpoint of the log now and print it (a C2SP signed note).")
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            print(try await AuditCommands.checkpoint(context: context).text, terminator: "")
        }
    }

    struct Key: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "key", abstract: "Print the verifier key of the log's checkpoints, for auditors.")
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            print(try AuditCommands.key(context: context).text, terminator: "")
        }
    }
}

/// What an audit command prints.
enum TextOrJSON: String, ExpressibleByArgument, Sendable {
    case text, json
}
