public import ArgumentParser
import Foundation
import RampartApp
import RampartAudit
import RampartCore
public import RampartPosture

extension ScanRenderer.Format: ExpressibleByArgument {}
extension PostureRule.Severity: ExpressibleByArgument {}

struct PostureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "posture", abstract: "Posture scans of the infrastructure that hosts GenAI workloads.", subcommands: [Scan.self, Rules.self])

    struct Scan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scan", abstract: "Check CloudFormation templates, Terraform plans (terraform show -json) or the configured AWS account against the rules.",
            discussion: """
                PATH is a template, a plan, or a directory of them; 'aws' reads the account configured under posture.aws (read-only).
                Exit 1 when a check at or above --fail-on fails.
                """)

        @Argument(help: "Templates, plans or directories; or 'aws'.") var paths: [String]
        @Option(help: "text, json, sarif, ocsf (JSON lines) or asff.") var format: ScanRenderer.Format = .text
        @Option(name: .customLong("fail-on"), help: "low, medium, high or critical.") var failOn: PostureRule.Severity?
        @Option(name: .customLong("parameter"), help: "A CloudFormation parameter value, Name=Value (repeatable).") var parameters: [String] = []
        @Option(help: "ASFF: the account the findings are imported into.") var account: String?
        @Option(help: "ASFF: the region the findings are imported into.") var region: String?
        @OptionGroup var state: StateOptions

        func run() async throws {
            var values: [String: String] = [:]
            for parameter in parameters {
                guard let equals = parameter.firstIndex(of: "="), equals != parameter.startIndex else {
                    throw ValidationError("--parameter takes Name=Value, not '\(parameter)'")
                }
                values[String(parameter[..<equals])] = String(parameter[parameter.index(after: equals)...])
            }
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            let target = account.map { ASFF.Target(accountID: $0, region: region ?? "us-east-1") }
            let options = PostureCommands.Options(format: format, failOn: failOn, parameters: values, asffTarget: target)
            let output: CommandOutput
            if paths == ["aws"] {
                output = try await PostureCommands.scanAccount(options: options, context: context) { printError($0) }
            } else {
                output = try PostureCommands.scan(paths: paths, options: options, context: context) { printError($0) }
            }
            print(output.text, terminator: "")
            if output.exitCode != 0 { throw ExitCode(output.exitCode) }
        }
    }

    struct Rules: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rules", abstract: "The posture rules: id, severity, the controls each evidences, and the fix.")

        func run() async throws {
            for rule in PostureRules.all {
                print("\(rule.id)  [\(rule.severity.rawValue)]  \(rule.title)")
                print("    controls: \(rule.controls.joined(separator: ", "))\(rule.frameworks.isEmpty ? "" : "; also: \(rule.frameworks.joined(separator: ", "))")")
                print("    fix: \(rule.remediation)")
            }
        }
    }
}
