import ArgumentParser
import RampartApp
import RampartDetection

struct FindingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "findings", abstract: "What the detections raised from the gateway's traffic, and its lifecycle.",
        subcommands: [List.self, Show.self, Acknowledge.self, Resolve.self, Suppress.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List findings, newest first.")
        @Option(help: "Only this status (repeatable): new, acknowledged, resolved, suppressed.") var status: [String] = []
        @Option(help: "Only at or above this severity: informational, low, medium, high, critical.") var severity: String?
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            print(try await FindingsCommands.list(statuses: status, minimumSeverity: severity, context: context).text, terminator: "")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one finding.")
        @Argument var uid: String
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            print(try await FindingsCommands.show(uid: uid, context: context).text, terminator: "")
        }
    }

    struct Acknowledge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ack", abstract: "Acknowledge a finding: someone is on it.")
        @Argument var uid: String
        @Option(help: "Why, for the record.") var note: String?
        @OptionGroup var state: StateOptions

        func run() async throws { try await FindingsCommand.set(uid, .acknowledged, note, state) }
    }

    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "resolve", abstract: "Resolve a finding.")
        @Argument var uid: String
        @Option(help: "Why, for the record.") var note: String?
        @OptionGroup var state: StateOptions

        func run() async throws { try await FindingsCommand.set(uid, .resolved, note, state) }
    }

    struct Suppress: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "suppress", abstract: "Suppress a finding: a known, accepted behaviour.")
        @Argument var uid: String
        @Option(help: "Why, for the record.") var note: String?
        @OptionGroup var state: StateOptions

        func run() async throws { try await FindingsCommand.set(uid, .suppressed, note, state) }
    }

    static func set(_ uid: String, _ status: FindingStore.Status, _ note: String?, _ state: StateOptions) async throws {
        let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
        print(try await FindingsCommands.setStatus(uid: uid, status: status, note: note, context: context).text, terminator: "")
    }
}
