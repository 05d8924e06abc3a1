import ArgumentParser
import RampartApp

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Key-encryption keys: status, rotation, crypto-shredding.",
        subcommands: [Status.self, Rotate.self, Shred.self])

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every key version: age, rotation period, state, providers.")
        @Option(help: "Only this tenant.") var tenant: String?
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            print(try await KeysCommands.status(tenant: tenant, context: context).text, terminator: "")
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rotate one key now (--tenant, --owner and --purpose), or every key past its rotation period.")
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

    struct Shred: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Destroy every key of an owner (subject:ID for a data subject's GDPR erasure) in every provider.")
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
        subcommands: [Encrypt.self, Decrypt.self])

    struct Options: ParsableArguments {
        @Option(help: "The key's owner, e.g. model:fraud-scorer.") var key: String
        @Option(help: "The tenant.") var tenant: String = "default"
        @Option(help: "An id to bind the ciphertext to (e.g. weights-v3); decrypting needs the same id. Default: artifact.") var object: String?
        @Argument var input: String
        @Argument var output: String
    }

    static func run(encrypt: Bool, _ options: Options, _ state: StateOptions) async throws {
        let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
        let bar = ProgressBar(label: encrypt ? "encrypting" : "decrypting")
        print(try await KeysCommands.artifact(encrypt: encrypt, input: options.input, output: options.output, owner: options.key, tenant: options.tenant,
                                              objectID: options.object, context: context, progress: bar.update).text, terminator: "")
    }

    struct Encrypt: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Encrypt IN to OUT (written to a temporary file, renamed on success).")
        @OptionGroup var options: Options
        @OptionGroup var state: StateOptions

        func run() async throws { try await ArtifactsCommand.run(encrypt: true, options, state) }
    }

    struct Decrypt: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Decrypt IN to OUT; nothing is written unless every segment verifies.")
        @OptionGroup var options: Options
        @OptionGroup var state: StateOptions

        func run() async throws { try await ArtifactsCommand.run(encrypt: false, options, state) }
    }
}
