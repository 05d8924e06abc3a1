import Foundation
@testable import RampartApp
import RampartCore
import RampartDetection
import RampartYAML
import Testing

/// `detection:` in `rampart.yaml`: rule parameters, webhooks and playbooks, each mistake named by its key path and
/// line, and a valid section turned into the rules and playbooks the service runs.
@Suite struct DetectionConfigurationTests {
    func load(_ yaml: String) throws(InputErrors) -> RampartConfiguration {
        try RampartConfiguration.load(YAMLSource(text: yaml, file: "rampart.yaml"))
    }

    static let hook = "  webhooks:\n    - {name: oncall, url: \"https://hooks.example.com/x\", secret: env:HOOK}\n"

    typealias Bad = ConfigurationTests.Bad

    @Test(arguments: [
        Bad(yaml: "detection:\n  rules:\n    auth.typo: {threshold: 3}\n", code: .invalidValue, keyPath: "detection.rules.auth.typo", line: 3),
        Bad(yaml: "detection:\n  rules:\n    call.denied-burst: {threshold: 0}\n", code: .invalidValue, keyPath: "detection.rules.call.denied-burst.threshold", line: 3),
        Bad(yaml: "detection:\n  rules:\n    canary.leak: {window_seconds: 60}\n", code: .invalidValue, keyPath: "detection.rules.canary.leak.window_seconds", line: 3),
        Bad(yaml: "detection:\n  rules:\n    canary.leak: {severity: urgent}\n", code: .invalidValue, keyPath: "detection.rules.canary.leak.severity", line: 3),
        Bad(yaml: "detection:\n  rules:\n    canary.leak: {treshold: 2}\n", code: .unknownKey, keyPath: "detection.rules.canary.leak.treshold", line: 3),
        Bad(yaml: "detection:\n  rules:\n    baseline.request-spike: {window_seconds: 60}\n", code: .invalidValue,
            keyPath: "detection.rules.baseline.request-spike.window_seconds", line: 3),
        Bad(yaml: "detection:\n  rules:\n    access.unusual-hour: {deviations: 3}\n", code: .invalidValue,
            keyPath: "detection.rules.access.unusual-hour.deviations", line: 3),
        Bad(yaml: "detection:\n  rules:\n    exfiltration.model-extraction: {distance: 40}\n", code: .invalidValue,
            keyPath: "detection.rules.exfiltration.model-extraction.distance", line: 3),
        Bad(yaml: "detection:\n  interval_seconds: 0\n", code: .invalidValue, keyPath: "detection.interval_seconds", line: 2),
        Bad(yaml: "detection:\n  webhooks:\n    - {name: a, url: \"http://hooks.example.com/x\"}\n", code: .invalidValue, keyPath: "detection.webhooks[0].url", line: 3),
        Bad(yaml: "detection:\n  webhooks:\n    - {name: a, url: \"https://u:p@hooks.example.com/x\"}\n", code: .invalidValue, keyPath: "detection.webhooks[0].url", line: 3),
        Bad(yaml: "detection:\n  webhooks:\n    - {name: a, url: \"https://169.254.169.254/x\"}\n", code: .invalidValue, keyPath: "detection.webhooks[0].url", line: 3),
        Bad(yaml: "detection:\n  webhooks:\n    - {name: a, url: \"https://h.example.com\", secret: hunter2}\n", code: .inlineSecret,
            keyPath: "detection.webhooks[0].secret", line: 3),
        Bad(yaml: "detection:\n  webhooks:\n    - {name: a, url: \"https://h.example.com\", format: pagerduty}\n", code: .missingValue,
            keyPath: "detection.webhooks[0].secret", line: 3),
        Bad(yaml: "detection:\n  webhooks:\n    - {name: a, url: \"https://h.example.com\", format: teams}\n", code: .invalidValue,
            keyPath: "detection.webhooks[0].format", line: 3),
        Bad(yaml: "detection:\n  playbooks:\n    - id: p\n      actions:\n        - {do: delete-everything}\n", code: .invalidValue,
            keyPath: "detection.playbooks[0].actions[0].do", line: 5),
        Bad(yaml: "detection:\n  playbooks:\n    - id: p\n      actions:\n        - {do: notify, webhook: nobody}\n", code: .invalidValue,
            keyPath: "detection.playbooks[0].actions[0].webhook", line: 5),
        Bad(yaml: "detection:\n" + hook + "  playbooks:\n    - id: p\n      actions:\n        - {do: notify, webhook: oncall, for_seconds: 60}\n",
            code: .invalidValue, keyPath: "detection.playbooks[0].actions[0].for_seconds", line: 7),
        Bad(yaml: "detection:\n  playbooks:\n    - id: p\n      actions:\n        - {do: tighten-rate-limit}\n", code: .missingValue,
            keyPath: "detection.playbooks[0].actions[0].requests_per_minute", line: 5),
        Bad(yaml: "detection:\n  playbooks:\n    - id: p\n      actions:\n        - {do: suspend-principal, requests_per_minute: 5}\n", code: .invalidValue,
            keyPath: "detection.playbooks[0].actions[0].requests_per_minute", line: 5),
        Bad(yaml: "detection:\n  playbooks:\n    - id: p\n      when: {rules: [injection.bursts]}\n      actions: [{do: suspend-principal}]\n",
            code: .invalidValue, keyPath: "detection.playbooks[0].when.rules[0]", line: 4),
        Bad(yaml: "detection:\n  playbooks:\n    - id: p\n      when: {scopes: [6]}\n      actions: [{do: suspend-principal}]\n",
            code: .invalidValue, keyPath: "detection.playbooks[0].when.scopes[0]", line: 4),
        Bad(yaml: "detection:\n  playbooks:\n    - id: p\n      when: {severity_at_least: severe}\n      actions: [{do: suspend-principal}]\n",
            code: .invalidValue, keyPath: "detection.playbooks[0].when.severity_at_least", line: 4),
        Bad(yaml: "detection:\n  playbooks:\n    - id: p\n      actions: []\n", code: .missingValue, keyPath: "detection.playbooks[0].actions", line: 4),
        Bad(yaml: "detection:\n  playbooks:\n    - {id: p, actions: [{do: suspend-principal}]}\n    - {id: p, actions: [{do: require-mfa}]}\n",
            code: .invalidValue, keyPath: "detection.playbooks[1].id", line: 4),
        Bad(yaml: "detection:\n  playbooks:\n    - {id: p, dryrun: true, actions: [{do: suspend-principal}]}\n", code: .unknownKey,
            keyPath: "detection.playbooks[0].dryrun", line: 3),
    ])
    func mistakesAreNamedByKeyPathAndLine(_ c: Bad) {
        let error = ConfigurationTests().firstError(c.yaml)
        #expect(error?.code == c.code, "\(String(describing: error))")
        #expect(error?.location?.keyPath == c.keyPath)
        #expect(error?.location?.line == c.line)
        #expect(error.map { !$0.description.contains("hunter2") } ?? false)
    }

    @Test func aValidSectionBecomesTheRulesAndPlaybooksTheServiceRuns() throws {
        let configuration = try load("""
            detection:
              rules:
                call.denied-burst: {threshold: 3, window_seconds: 30, severity: high}
                access.first-workload: {enabled: false}
                exfiltration.sensitive-completion: {min_completion_tokens: 500}
                baseline.token-spike: {minimum: 50000, deviations: 5, warm_up_hours: 8}
            \(Self.hook)  playbooks:
                - id: contain
                  when: {rules: [call.denied-burst], severity_at_least: high, scopes: [1, 2], tenants: [acme]}
                  dry_run: true
                  actions:
                    - {do: tighten-rate-limit, requests_per_minute: 6, for_seconds: 900}
                    - {do: require-mfa}
                    - {do: ticket, webhook: oncall}
            """)
        let rules = configuration.detection.detectionRules()
        #expect(!rules.contains { $0.id == "access.first-workload" })
        #expect(rules.count == BuiltinDetections.rules.count - 1)
        let denied = try #require(rules.first { $0.id == "call.denied-burst" })
        #expect(denied.severity == .high && denied.trigger.parameters == "by: principal, threshold: 3, window_seconds: 30")
        #expect(rules.first { $0.id == "exfiltration.sensitive-completion" }?.match.minimumCompletionTokens == 500)
        #expect(rules.first { $0.id == "baseline.token-spike" }?.trigger.parameters == "measure: tokens, deviations: 5.0, factor: 3.0, minimum: 50000, warm_up_hours: 8")
        let playbook = try #require(configuration.detection.responsePlaybooks().first)
        #expect(playbook.id == "contain" && playbook.dryRun)
        #expect(playbook.when == .init(rules: ["call.denied-burst"], minimumSeverity: .high, scopes: [1, 2], tenants: ["acme"]))
        #expect(playbook.actions == [.tightenRateLimit(requestsPerMinute: 6, duration: .seconds(900)), .requireMFA(duration: nil), .ticket(webhook: "oncall")])
        // The effective configuration shows the secret by reference only.
        let rendered = ConfigurationRenderer.yaml(configuration, environment: ["HOOK": "hunter2"])
        #expect(rendered.contains("call.denied-burst: {severity: high, by: principal, threshold: 3, window_seconds: 30}"), "\(rendered)")
        #expect(rendered.contains("secret: env:HOOK  # resolves") && !rendered.contains("hunter2"))
    }
}
