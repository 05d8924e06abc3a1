import Foundation
import RampartCore
import RampartPolicy
import RampartTestSupport
import RampartYAML
import Testing

/// A policy file is accepted whole or refused naming every problem, with line and key path.
@Suite struct PolicyLoaderTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    @Test func everyProblemIsReportedAtOnce() throws {
        let text = """
            rules:
              - id: builtin.sneaky
                effect: permit
                actions: ["*"]
              - id: twice
                effect: permit
                principals: {roles: [auditor]}
                actions: [model:invoke, model:fly]
                resources: {kinds: [satellite]}
              - id: twice
                effect: forbid
                actions: []
                when: [mfa, wizardry, {principal_region: [eu], department: [x]}]
                unless:
                  - time_window: {days: [mon, funday], from: "25:00", to: "08:00"}
            """
        do {
            _ = try PolicyLoader.load(YAMLSource(text: text, file: "policies.yaml"))
            Issue.record("a broken policy file was accepted")
        } catch {
            let rendered = error.errors.map(\.description).joined(separator: "\n") + "\n"
            try Golden.check(rendered, "policy-errors.txt", in: Self.golden)
        }
    }

    @Test(arguments: [
        ("rules: [{id: a, effect: allow, actions: [model:invoke]}]", "input.invalid_value"),
        ("rules: [{id: a, effect: permit, actions: [model:invoke], colour: red}]", "input.unknown_key"),
        ("rules: [{id: a, effect: permit}]", "input.missing_value"),
        ("rules: {id: a}", "input.wrong_type"),
        ("rules: [{id: a, effect: permit, actions: [model:invoke], when: [{time_window: {from: 8}}]}]", "input.missing_value"),
    ])
    func decodeErrorsNameTheirCode(_ text: String, _ code: String) {
        do {
            _ = try PolicyLoader.load(YAMLSource(text: text, file: "p.yaml"))
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.errors.first?.code.rawValue == code, "\(error)")
            #expect(error.errors.first?.location?.file == "p.yaml")
        }
    }

    @Test func anUnrestrictedPermitIsRefused() {
        #expect(throws: InputErrors.self) {
            try PolicyLoader.load(YAMLSource(text: "rules: [{id: open, effect: permit, actions: ['*']}]", file: "p.yaml"))
        }
    }

    /// Random edits of a valid file never crash the loader: each is loaded or refused with located errors.
    @Test func mutatedFilesAreLoadedOrRefusedNeverCrash() {
        let valid = Array("""
            rules:
              - id: hr
                effect: permit
                principals: {groups: [hr], kinds: [user]}
                actions: [model:invoke, "dataset:*"]
                resources: {workloads: [hr-*], kinds: [model]}
                when: [mfa, {time_window: {days: [mon], from: "08:00", to: "18:00"}}]
                unless: [{classification_at_least: restricted}]
            """.utf8)
        var generator = SplitMix(seed: 42)
        let alphabet = Array("{}[]:,-'\" \n#&*!|>%@`abc019".utf8)
        for _ in 0..<400 {
            var bytes = valid
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let i = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[i] = alphabet.randomElement(using: &generator)!
                case 1: bytes.remove(at: i)
                default: bytes.insert(alphabet.randomElement(using: &generator)!, at: i)
                }
            }
            do {
                _ = try PolicyLoader.load(YAMLSource(text: String(decoding: bytes, as: UTF8.self), file: "fuzz.yaml"))
            } catch {
                #expect(!error.errors.isEmpty)
                #expect(error.errors.allSatisfy { $0.location?.file == "fuzz.yaml" || $0.location == nil })
            }
        }
    }
}

/// Golden files: compared byte for byte; `RAMPART_UPDATE_GOLDEN=1` rewrites them for review.
enum Golden {
    struct Mismatch: Error, CustomStringConvertible {
        var description: String
    }

    static func check(_ actual: String, _ name: String, in directory: URL) throws {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RAMPART_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if expected != actual { throw Mismatch(description: "\(name) differs:\n--- expected\n\(expected)\n--- actual\n\(actual)") }
    }
}
