import ArgumentParser
import Foundation
import RampartApp
import RampartCore
import RampartDetectors

struct GuardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guard", abstract: "Rampart's detectors for callers that bring their own model.", subcommands: [Scan.self])

    struct Scan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scan", abstract: "Scan text for personal data, secrets and prompt injection.",
            discussion: """
                Without --jsonl: scans the whole input and prints one JSON object; exits 1 when the action is not allow.
                With --jsonl: reads rows holding a "text" field (other fields ignored) and writes one JSON object per row, in
                order: {"findings": [{"category", "type", "start", "end", "score"}], "action"}; offsets are Unicode code
                points of the original text. Exits 0 (the actions are in the output).
                """)
        @Argument(help: "The file to scan; standard input when absent or '-'.") var file: String?
        @Flag(help: "Read JSON lines with a 'text' field; write one result per line.") var jsonl = false
        @Option(help: "The workload scope (1-5) whose default actions apply.") var scope: Int = 3
        @Option(help: "The prompt-injection threshold (probability 0-1); default: the model's.") var injectionThreshold: Double?
        @Option(help: "Only these categories (pii, secret, injection), repeatable.") var only: [String] = []
        @Flag(help: "Read the text as a model's answer: images that would load from a host not given by --image-host are findings.")
        var answer = false
        @Option(help: "With --answer: a host images may load from (images.example.com, *.example.com, *), repeatable.")
        var imageHost: [String] = []

        func run() async throws {
            guard let scope = Scope(number: scope) else { throw ValidationError("--scope is 1 to 5") }
            if let t = injectionThreshold, !(0...1).contains(t) { throw ValidationError("--injection-threshold is 0 to 1") }
            for category in only where !["pii", "secret", "injection"].contains(category) {
                throw ValidationError("--only takes pii, secret or injection")
            }
            if !imageHost.isEmpty, !answer { throw ValidationError("--image-host goes with --answer") }
            for host in imageHost { if let problem = ImageHosts.problem(with: host) { throw ValidationError("--image-host: \(problem)") } }
            let options = ScanOptions(pii: only.isEmpty || only.contains("pii"), secrets: only.isEmpty || only.contains("secret"),
                                      injection: only.isEmpty || only.contains("injection"), injectionThreshold: injectionThreshold,
                                      imageHosts: answer ? ImageHosts(imageHost) : nil)
            let input: FileHandle
            if let file, file != "-" {
                guard let handle = FileHandle(forReadingAtPath: file) else { throw InputError(.unreadable, "cannot read \(file)") }
                input = handle
            } else {
                input = .standardInput
            }
            if jsonl {
                try GuardCommands.scanLines(input, scope: scope, options: options) { FileHandle.standardOutput.write($0) }
            } else {
                let data = input.readDataToEndOfFile()
                guard let text = String(data: data, encoding: .utf8) else { throw InputError(.malformed, "the input is not UTF-8") }
                let output = GuardCommands.scan(text, scope: scope, options: options)
                print(output.text, terminator: "")
                if output.exitCode != 0 { throw ExitCode(output.exitCode) }
            }
        }
    }
}
