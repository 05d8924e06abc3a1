import ArgumentParser
import Foundation
import RampartApp

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Rampart's main job end to end on the embedded default.")

    @Option(help: "The example workload manifests.") var examples = "examples/workloads"
    @Option(help: "The gateway configuration the demo serves.") var gatewayConfig = "examples/gateway/rampart.yaml"
    @Option(help: "The infrastructure templates the demo scans.") var infrastructure = "examples/infrastructure"
    @OptionGroup var state: StateOptions

    func run() async throws {
        let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
        try await Demo.run(examples: examples, gatewayConfig: gatewayConfig, infrastructure: infrastructure, context: context) { text in
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the gateway: the OpenAI-compatible API, health, readiness and metrics.",
        discussion: "Stops gracefully on SIGTERM or SIGINT, letting in-flight calls finish.")

    @OptionGroup var state: StateOptions

    func run() async throws {
        let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
        try await GatewayServer.run(context: context)
    }
}

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Check and show the configuration.", subcommands: [Validate.self, Show.self])

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "validate", abstract: "Validate a configuration file; exit 2 naming every problem.")
        @Argument(help: "The configuration file.") var file: String

        func run() async throws {
            print(try ConfigCommands.validate(path: file, environment: ProcessInfo.processInfo.environment).text, terminator: "")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the effective configuration, secrets redacted.")
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            print(ConfigCommands.show(context: context).text, terminator: "")
        }
    }
}

struct StorageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage", abstract: "The database Rampart keeps its state in.", subcommands: [Status.self])

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "Engine, location and schema version; applies pending migrations.")
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            print(try await StorageCommands.status(context: context).text, terminator: "")
        }
    }
}
