import Foundation
import RampartCore
import RampartMatrix
import RampartPosture
import RampartStorage

/// `rampart demo`: Rampart's main job end to end on the embedded default, narrated.
///
/// Each capability adds its part here, so the demo always shows what Rampart does.
public enum Demo {
    /// Runs the demo, handing each section to `emit` as it is ready.
    public static func run(
        examples: String, gatewayConfig: String = "examples/gateway/rampart.yaml", infrastructure: String = "examples/infrastructure",
        context: RampartContext, emit: (String) -> Void
    ) async throws {
        emit("Rampart demo: the Generative AI Security Scoping Matrix as code, on the embedded default.\n\n")

        emit("1. Storage. Opening \(context.dataDirectory) (SQLite, WAL) and applying migrations.\n")
        emit(try await StorageCommands.status(context: context).text.split(separator: "\n").map { "   \($0)" }.joined(separator: "\n") + "\n\n")

        let catalog = try ControlCatalog.bundled()
        let byDiscipline = Discipline.allCases.map { d in "\(d.title) \(catalog.controls.count { $0.discipline == d })" }
        emit("2. The control catalog: \(catalog.controls.count) controls (\(byDiscipline.joined(separator: ", "))),\n")
        emit("   each mapped to GDPR, SOC 2, ISO 27001, HIPAA, ISO 42001, NIST AI RMF, OWASP LLM 2025 and MITRE ATLAS.\n")
        emit("   The matrix, scope by discipline (`rampart scope matrix`):\n\n")
        let matrix = MatrixRenderer.render(catalog, as: .text)
        emit(matrix.components(separatedBy: "Control catalog").first ?? matrix)

        emit("3. Assessing the five example workloads in \(examples) (`rampart scope assess \(examples)`):\n\n")
        let workloads = try ManifestLoader(catalog: catalog, clock: context.clock).load(paths: [examples])
        let report = Assessor(catalog: catalog, clock: context.clock).assess(workloads)
        var lines = ["   WORKLOAD                      SCOPE                  CLASSIFICATION  SATISFIED  MISSING REQ.  N/A"]
        for a in report.workloads {
            let s = a.summary
            lines.append("   " + [
                pad(a.workload.manifest.name, 30), pad("\(a.scope.number) \(a.scope.title)", 23), pad(a.effectiveClassification.rawValue, 16),
                pad("\(s.map(\.satisfied).reduce(0, +))", 11), pad("\(s.map(\.missingRequired).reduce(0, +))", 14),
                "\(s.map(\.notApplicable).reduce(0, +))",
            ].joined())
        }
        emit(lines.joined(separator: "\n") + "\n\n")
        for a in report.workloads {
            emit("   \(a.workload.manifest.name): \(a.workload.decision.rationale.first ?? "")\n")
        }
        if let example = report.workloads.first(where: { $0.scope == .pretrainedModel }) {
            let missing = example.results.filter(\.isRequiredAndMissing).prefix(6).map(\.control.id)
            emit("\n   \(example.workload.manifest.name) still needs, among others: \(missing.joined(separator: ", ")).\n")
            emit("   Attest them in the manifest or let Rampart's gateway and scans evidence them.\n")
        }

        emit("\n4. Recording the assessment in storage for the audit trail.\n")
        let stored = try await ScopeCommands.store(report, context: context)
        emit("   \(stored) assessment record(s) stored so far in \(context.dataDirectory).\n\n")

        emit("5. Posture: the support chatbot's infrastructure as code (`rampart posture scan \(infrastructure)`).\n")
        let scan = try PostureScanner(settings: context.configuration.posture.settings).scan(paths: [infrastructure])
        emit("   \(scan.rules.count) rules, \(scan.findings.count) checks on \(scan.inputs.count) template(s): \(scan.failures.count) failed.\n")
        for failure in scan.failures {
            emit("   FAILED \(failure.rule.severity.rawValue) \(failure.rule.id) on \(failure.check.resource.name): \(failure.check.message)\n")
        }
        if let chatbot = workloads.first(where: { $0.manifest.name == "support-chatbot" }) {
            let assessor = Assessor(catalog: catalog, clock: context.clock)
            let before = assessor.assess([chatbot]).workloads[0], after = assessor.assess([chatbot], evidence: PostureEvidence.evidence(from: scan)).workloads[0]
            emit("   As evidence for support-chatbot (`rampart scope assess ... --posture \(infrastructure)`):\n")
            for (old, new) in zip(before.results, after.results) where old.status != new.status {
                emit("     \(new.control.id): \(old.status.rawValue) → \(new.status.rawValue) (\(new.evidence.first?.detail ?? ""))\n")
            }
            for result in after.results where result.status == .missing && result.reasons.contains(where: { $0.contains(" failed on ") }) {
                let gap = result.reasons.first { $0.contains(" failed on ") }?.components(separatedBy: " (posture scan").first ?? ""
                emit("     \(result.control.id): missing, and the scan shows why: \(gap)\n")
            }
        }
        emit("\n")

        emit("6. The gateway: one enforcement pipeline for every model call (`rampart serve --config \(gatewayConfig)`).\n")
        try await GatewayDemo.run(configPath: gatewayConfig, context: context, emit: emit)
        emit("\n")

        emit("Next: `rampart scope assess \(examples) --format html > assessment.html` for a page to share,\n")
        emit("      `rampart scope questionnaire` to scope your own workload.\n")
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? String(text.prefix(width - 1)) + " " : text.padding(toLength: width, withPad: " ", startingAt: 0)
    }
}
