import Foundation
import RampartCore
public import RampartMatrix
import RampartPosture
import RampartStorage

/// `rampart scope assess` and `rampart scope matrix`.
public enum ScopeCommands {
    /// Assesses the manifests under `paths` (or the configured ones) and renders the report.
    /// With `record`, the per-workload results are stored in the database too.
    /// - Parameter posture: templates, plans or directories (or `aws`) whose posture scan is evidence for the
    ///   infrastructure controls: passing rules vouch for their controls, failed checks make them missing.
    public static func assess(
        paths: [String], format: OutputFormat, failOnMissing: Bool, record: Bool, posture: [String] = [], context: RampartContext
    ) async throws -> CommandOutput {
        let targets = paths.isEmpty ? context.configuration.workloads : paths
        guard !targets.isEmpty else {
            throw InputErrors(InputError(.missingValue, "give manifest paths, or list them under 'workloads' in the configuration"))
        }
        var evidence = EvidenceSet()
        if posture == ["aws"] {
            evidence = PostureEvidence.evidence(from: try await PostureCommands.accountReport(context: context))
        } else if !posture.isEmpty {
            evidence = PostureEvidence.evidence(from: try PostureScanner(settings: context.configuration.posture.settings).scan(paths: posture))
        }
        let report = try assessment(of: targets, evidence: evidence, context: context)
        if record { try await store(report, context: context) }
        let failed = failOnMissing && report.hasMissingRequired
        return CommandOutput(AssessmentRenderer.render(report, as: format), exitCode: failed ? 1 : 0)
    }

    /// Loads the manifests under `paths` and assesses them against the bundled catalog.
    static func assessment(of paths: [String], evidence: EvidenceSet = EvidenceSet(), context: RampartContext) throws -> AssessmentReport {
        let catalog = try ControlCatalog.bundled()
        let workloads = try ManifestLoader(catalog: catalog, clock: context.clock).load(paths: paths)
        return Assessor(catalog: catalog, clock: context.clock).assess(workloads, evidence: evidence)
    }

    /// Stores one record per workload, each with the JSON report of that workload; returns how many records the
    /// database holds afterwards.
    @discardableResult
    static func store(_ report: AssessmentReport, context: RampartContext) async throws -> Int {
        let records = report.workloads.map { assessment in
            let single = AssessmentReport(generatedAt: report.generatedAt, catalogVersion: report.catalogVersion, workloads: [assessment])
            let counts = assessment.summary
            return AssessmentRecord(
                workload: assessment.workload.manifest.name, scope: assessment.scope.number, assessedAt: report.generatedAt,
                satisfied: counts.map(\.satisfied).reduce(0, +), missingRequired: counts.map(\.missingRequired).reduce(0, +),
                missingRecommended: counts.map(\.missingRecommended).reduce(0, +),
                notApplicable: counts.map(\.notApplicable).reduce(0, +),
                report: AssessmentRenderer.render(single, as: .json))
        }
        return try await context.withStorage { database in
            let stored = AssessmentRecords(database: database)
            try await stored.append(records)
            return try await stored.count()
        }
    }

    /// The matrix and the catalog.
    public static func matrix(format: OutputFormat) throws -> CommandOutput {
        CommandOutput(MatrixRenderer.render(try ControlCatalog.bundled(), as: format))
    }
}
