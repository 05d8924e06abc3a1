import Foundation
import RampartCore

/// The JSON form of an assessment report; its schema is documented in docs/assessment-schema.md and only grows.
struct AssessmentDocument: Encodable {
    var schema = "rampart.assessment/v1"
    var generatedAt: String
    var catalogVersion: Int
    var summary: Summary
    var workloads: [Workload]

    enum CodingKeys: String, CodingKey {
        case schema, summary, workloads
        case generatedAt = "generated_at"
        case catalogVersion = "catalog_version"
    }

    struct Summary: Encodable {
        var workloads: Int
        var workloadsMissingRequired: Int
        enum CodingKeys: String, CodingKey {
            case workloads
            case workloadsMissingRequired = "workloads_missing_required"
        }
    }

    struct Workload: Encodable {
        var name: String
        var owner: String
        var description: String?
        var source: String
        var scope: ScopeInfo
        var classification: Classification
        var considerations: [String: [String]]
        var controls: [ControlEntry]
        var summary: [DisciplineCounts]
    }

    struct ScopeInfo: Encodable {
        var number: Int
        var title: String
        var basis: String
        var rationale: [String]
    }

    struct Classification: Encodable {
        var effective: String
        var rationale: String
    }

    struct ControlEntry: Encodable {
        var id: String
        var title: String
        var discipline: String
        var level: String
        var status: String
        var evidence: [EvidenceItem]
        var reasons: [String]
    }

    struct DisciplineCounts: Encodable {
        var discipline: String
        var satisfied: Int
        var missingRequired: Int
        var missingRecommended: Int
        var notApplicable: Int
        enum CodingKeys: String, CodingKey {
            case discipline, satisfied
            case missingRequired = "missing_required"
            case missingRecommended = "missing_recommended"
            case notApplicable = "not_applicable"
        }
    }

    init(_ report: AssessmentReport) {
        generatedAt = report.generatedAt.formatted(.iso8601)
        catalogVersion = report.catalogVersion
        summary = Summary(workloads: report.workloads.count,
                          workloadsMissingRequired: report.workloads.count(where: \.hasMissingRequired))
        workloads = report.workloads.map { assessment in
            let manifest = assessment.workload.manifest
            return Workload(
                name: manifest.name, owner: manifest.owner, description: manifest.description,
                source: assessment.workload.source.position,
                scope: ScopeInfo(
                    number: assessment.scope.number, title: assessment.scope.title,
                    basis: assessment.workload.decision.basis.rawValue, rationale: assessment.workload.decision.rationale),
                classification: Classification(
                    effective: assessment.effectiveClassification.rawValue, rationale: assessment.classificationRationale),
                considerations: Dictionary(uniqueKeysWithValues: assessment.considerations.map { ($0.key.rawValue, $0.value) }),
                controls: assessment.results.map {
                    ControlEntry(
                        id: $0.control.id, title: $0.control.title, discipline: $0.control.discipline.rawValue,
                        level: $0.control.level.rawValue, status: $0.status.rawValue, evidence: $0.evidence,
                        reasons: $0.reasons)
                },
                summary: assessment.summary.map {
                    DisciplineCounts(
                        discipline: $0.discipline.rawValue, satisfied: $0.satisfied, missingRequired: $0.missingRequired,
                        missingRecommended: $0.missingRecommended, notApplicable: $0.notApplicable)
                })
        }
    }
}

/// The one JSON encoder configuration for every document Rampart prints: stable key order, readable.
enum StableJSON {
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value), let text = String(data: data, encoding: .utf8) else {
            preconditionFailure("Rampart's report documents always encode")
        }
        return text + "\n"
    }
}
