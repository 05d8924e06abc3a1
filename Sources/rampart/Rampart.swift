import ArgumentParser

struct Rampart: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rampart",
        abstract: "A security gateway and control plane for generative-AI workloads.",
        discussion: "Exit codes: 0 success, 1 findings that fail a policy, 2 usage or input errors, 3 runtime failures (storage unavailable).",
        version: "0.1.0",
        subcommands: [
            DemoCommand.self, ServeCommand.self, ScopeCommand.self, ConfigCommand.self, StorageCommand.self, PrincipalsCommand.self,
            APIKeysCommand.self, BudgetsCommand.self, PolicyCommand.self, GuardCommand.self, KeysCommand.self, ArtifactsCommand.self, AuditCommand.self,
            SubjectsCommand.self, ReportCommand.self, FindingsCommand.self, ContainmentsCommand.self, PostureCommand.self,
        ])
}

/// Options every command that touches state takes.
struct StateOptions: ParsableArguments {
    @Option(name: .long, help: "The configuration file (default: $RAMPART_CONFIG, else built-in defaults).")
    var config: String?

    @Option(name: .long, help: "Where state is kept (default: $RAMPART_DATA_DIR, else ./rampart-data).")
    var dataDir: String?
}
