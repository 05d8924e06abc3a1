import Foundation
import RampartAudit
import RampartCore
import RampartGateway
import RampartMatrix

extension AuditCommands {
    /// Runs the configured exports until each has caught up with the log (`only`: just the one so named); with
    /// `compliance`, also sends a Compliance Finding per control and workload of the current Scoping Matrix
    /// assessment of the configured workloads.
    public static func export(only: String?, compliance: Bool, context: RampartContext, progress: @escaping @Sendable (String, Int) -> Void)
        async throws -> CommandOutput
    {
        let configured = context.configuration.audit.export
        guard !configured.isEmpty else {
            throw InputErrors(InputError(.missingValue, "no export is configured: add one under audit.export",
                                         at: SourceLocation(file: context.configurationFile, keyPath: "audit.export")))
        }
        if let only, !configured.contains(where: { $0.name == only }) {
            throw InputErrors(InputError(.invalidValue, "no export is named \(only) (configured: \(configured.map(\.name).joined(separator: ", ")))"))
        }
        let findings = compliance ? try complianceFindings(context: context) : []
        return try await GatewayServer.withResources(context: context) { client, pins, database in
            var text = ""
            for exporter in try ExportAssembly.exporters(context: context, database: database, client: client, services: ServiceClient(pins: pins)) where only == nil || exporter.name == only {
                let sent = try await exporter.catchUp { progress(exporter.name, $0) }
                text += "export \(exporter.name): sent \(sent.entries) entries as \(sent.events) OCSF events; next is entry \(sent.next)\n"
                if !findings.isEmpty {
                    try await exporter.sink.send(findings)
                    text += "export \(exporter.name): sent \(findings.count) compliance findings\n"
                }
                await exporter.sink.close()
            }
            return CommandOutput(text)
        }
    }

    /// One Compliance Finding per applicable control and workload, from assessing the configured workloads now.
    static func complianceFindings(context: RampartContext) throws -> [CanonicalJSON] {
        guard !context.configuration.workloads.isEmpty else {
            throw InputErrors(InputError(.missingValue, "compliance findings need workloads: list them under 'workloads' in the configuration"))
        }
        let report = try ScopeCommands.assessment(of: context.configuration.workloads, context: context)
        return report.workloads.flatMap { assessment in
            assessment.results.filter { $0.status != .notApplicable }.map { result in
                let control = result.control
                let standards = control.mappings.frameworks.flatMap { framework in control.mappings[framework].map { "\(framework.title) \($0)" } }
                return OCSF.complianceFinding(
                    workload: assessment.workload.manifest.name, scope: assessment.scope.number, control: control.id, title: control.title,
                    passed: result.status == .satisfied, required: control.level == .required, standards: standards, reasons: result.reasons,
                    time: report.generatedAt, product: ExportAssembly.product)
            }
        }
    }
}
