import ArgumentParser
import RampartApp

struct ContainmentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "containments", abstract: "The measures the response playbooks imposed (suspensions, quarantines, ...), and lifting them.",
        subcommands: [List.self, Lift.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the containments in force, newest first.")
        @Flag(help: "Also those lifted or expired.") var all = false
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            print(try await ContainmentsCommands.list(all: all, context: context).text, terminator: "")
        }
    }

    struct Lift: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "lift", abstract: "Lift a containment (undo); recorded in the audit log.")
        @Argument(help: "The containment's id (ctn_...).") var id: String
        @Option(help: "Why it is lifted.") var note: String?
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            print(try await ContainmentsCommands.lift(id: id, note: note, context: context).text, terminator: "")
        }
    }
}
