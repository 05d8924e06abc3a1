import ArgumentParser
import RampartApp

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Key-encryption keys: status, rotation, retirement, rewrap, crypto-shredding.",
        subcommands: [Status.self, Rotate.self, Retire.self, Rewrap.self, Shred.self])

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "Every key version: age, rotation period, state, providers.")
        @Option(help: "Only this tenant.") var tenant: String?
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            print(try await KeysCommands.status(tenant: tenant, context: context).text, terminator: "")
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate", abstract: "Rotate one key now (--tenant, --owner and --purpose), or every key past its rotation period.")
        @Option var tenant: String?
        @Option(help: "tenant, workload:NAME, model:NAME or subject:ID.") var owner: String?
        @Option(help: "logs, vault, datasets, artifacts, personal, ...") var purpose: String?
        @OptionGroup var state: StateOptions

        func run() async throws {
            let given = [tenant, owner, purpose].compactMap { $0 }.count
            guard given == 0 || given == 3 else { throw ValidationError("give --tenant, --owner and --purpose together, or none of them") }
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            print(try await KeysCommands.rotate(tenant: tenant, owner: owner, purpose: purpose, context: context).text, terminator: "")
        }
    }

    struct Retire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retire", abstract: "Retire one version of a key: nothing under it opens any more (run `rampart keys rewrap` first).")
        @Option var tenant: String
        @Option(help: "tenant, workload:NAME, model:NAME or subject:ID.") var owner: String
        @Option var purpose: String
        @Option(help: "The version to retire.") var version: Int
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            print(try await KeysCommands.retire(tenant: tenant, owner: owner, purpose: purpose, version: version, context: context).text, terminator: "")
        }
    }

    struct Rewrap: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rewrap", abstract: "Move the pseudonym vault's data keys to each tenant's newest vault key version; safe to stop and run again.")
        @Option(help: "Only this tenant.") var tenant: String?
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            let bar = ProgressBar(label: "rewrapping", unit: .count)
            print(try await KeysCommands.rewrap(tenant: tenant, context: context, progress: bar.update).text, terminator: "")
        }
    }

    struct Shred: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "shred", abstract: "Destroy every key of an owner (subject:ID for a data subject's GDPR erasure) in every provider.")
        @Argument(help: "subject:ID, model:NAME, workload:NAME.") var owner: String
        @Option var tenant: String
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            print(try await KeysCommands.shred(owner: owner, tenant: tenant, context: context).text, terminator: "")
        }
    }
}

struct ArtifactsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "artifacts", abstract: "Encrypt and decrypt datasets, checkpoints and model weights under a model's key.",
        subcommands: [Encrypt.self, Decrypt.self, Rewrap.self])

    struct Options: ParsableArguments {
        @Option(help: "The key's owner, e.g. model:fraud-scorer.") var key: String
        @Option(help: "The tenant.") var tenant: String = "default"
        @Option(help: "An id to bind the ciphertext to (e.g. weights-v3); decrypting needs the same id. Default: artifact.") var object: String?
        @Option(help: ArgumentHelp(
            "A file holding an API key or OIDC token to act as (decrypting needs a service identity granted key:decrypt, or break-glass with MFA).",
            valueName: "path")) var credentialFile: String?
        @Argument var input: String
        @Argument var output: String
    }

    static func run(_ operation: KeysCommands.ArtifactOperation, _ options: Options, _ state: StateOptions) async throws {
        let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
        let bar = ProgressBar(label: operation.progressLabel)
        print(try await KeysCommands.artifact(operation, input: options.input, output: options.output, owner: options.key, tenant: options.tenant,
                                              objectID: options.object, credentialFile: options.credentialFile, context: context,
                                              progress: bar.update).text, terminator: "")
    }

    struct Encrypt: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "encrypt", abstract: "Encrypt IN to OUT (written to a temporary file, renamed on success).")
        @OptionGroup var options: Options
        @OptionGroup var state: StateOptions

        func run() async throws { try await ArtifactsCommand.run(.encrypt, options, state) }
    }

    struct Decrypt: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "decrypt", abstract: "Decrypt IN to OUT; nothing is written unless every segment verifies.")
        @OptionGroup var options: Options
        @OptionGroup var state: StateOptions

        func run() async throws { try await ArtifactsCommand.run(.decrypt, options, state) }
    }

    struct Rewrap: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rewrap", abstract: "Rewrap IN's data key under the key's newest version into OUT; the segments are copied unopened.")
        @OptionGroup var options: Options
        @OptionGroup var state: StateOptions

        func run() async throws { try await ArtifactsCommand.run(.rewrap, options, state) }
    }
}
