import ArgumentParser
import RampartApp

struct SubjectsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subjects", abstract: "Data subjects: erase one (GDPR article 17) and check erasure receipts.",
        subcommands: [Erase.self, VerifyReceipt.self, ReceiptKey.self])

    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "erase", abstract: "Shred the subject's keys, delete their pseudonym-vault entries, record it in the audit log and sign a receipt.",
            discussion: "The audit log still verifies afterwards; the subject's sealed facts in it read as erased.")
        @Argument(help: "The subject's id: a user principal's id, or the end-user id callers send as user / metadata.user_id.") var subject: String
        @Option(help: "The tenant.") var tenant: String = "default"
        @Option(name: .customLong("value"), help: ArgumentHelp(
            "Another value of the subject whose pseudonyms to delete, e.g. an e-mail address (repeatable).", valueName: "value"))
        var values: [String] = []
        @Option(help: ArgumentHelp("Write the signed receipt to this file instead of printing it.", valueName: "file")) var receipt: String?
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            print(try await SubjectsCommands.erase(subject: subject, tenant: tenant, values: values, receiptFile: receipt, context: context).text,
                  terminator: "")
        }
    }

    struct VerifyReceipt: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify-receipt", abstract: "Check an erasure receipt's signature and, unless --signature-only, that the log holds its entry.")
        @Argument(help: "The receipt file.") var file: String
        @Option(help: ArgumentHelp("Check with this verifier key (NAME+ID+KEY) instead of the operator's.", valueName: "key")) var verifierKey: String?
        @Flag(help: "Check the signature only (no database at hand).") var signatureOnly = false
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            let output = try await SubjectsCommands.verifyReceipt(file: file, verifierKey: verifierKey, checkLog: !signatureOnly, context: context)
            print(output.text, terminator: "")
            if output.exitCode != 0 { throw ExitCode(output.exitCode) }
        }
    }

    struct ReceiptKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "receipt-key", abstract: "Print the verifier key of erasure receipts.")
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            print(try SubjectsCommands.receiptKey(context: context).text, terminator: "")
        }
    }
}
