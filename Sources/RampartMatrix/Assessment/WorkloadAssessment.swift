public import Foundation
public import RampartCore

/// The status of one control for one workload.
public struct ControlResult: Sendable, Hashable {
    public var control: Control
    public var status: Status
    /// For satisfied controls, the evidence that shows it.
    public var evidence: [EvidenceItem]
    /// For missing and not-applicable controls, why.
    public var reasons: [String]

    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case satisfied
        case missing
        case notApplicable = "not-applicable"
    }

    public init(control: Control, status: Status, evidence: [EvidenceItem] = [], reasons: [String] = []) {
        self.control = control
        self.status = status
        self.evidence = evidence
        self.reasons = reasons
    }

    /// A required control with no evidence: what `--fail-on missing` fails on.
    public var isRequiredAndMissing: Bool { status == .missing && control.level == .required }
}

/// Counts of control statuses in one discipline.
public struct DisciplineSummary: Sendable, Hashable {
    public var discipline: Discipline
    public var satisfied: Int
    public var missingRequired: Int
    public var missingRecommended: Int
    public var notApplicable: Int

    public var applicable: Int { satisfied + missingRequired + missingRecommended }
}

/// Everything `rampart scope assess` says about one workload.
public struct WorkloadAssessment: Sendable, Hashable {
    public var workload: LoadedWorkload
    /// The classification that governs the workload: its data's, and for scopes 4 and 5 at least its training data's.
    public var effectiveClassification: DataClassification
    /// Why the effective classification is what it is.
    public var classificationRationale: String
    /// The considerations to prioritise, per discipline, for the workload's scope.
    public var considerations: [Discipline: [String]]
    /// Every catalog control, in catalog order.
    public var results: [ControlResult]

    public var scope: Scope { workload.decision.scope }

    /// The per-discipline summary, in discipline order.
    public var summary: [DisciplineSummary] {
        Discipline.allCases.map { discipline in
            let inDiscipline = results.filter { $0.control.discipline == discipline }
            return DisciplineSummary(
                discipline: discipline,
                satisfied: inDiscipline.count { $0.status == .satisfied },
                missingRequired: inDiscipline.count { $0.status == .missing && $0.control.level == .required },
                missingRecommended: inDiscipline.count { $0.status == .missing && $0.control.level == .recommended },
                notApplicable: inDiscipline.count { $0.status == .notApplicable })
        }
    }

    /// Whether any required control is missing.
    public var hasMissingRequired: Bool { results.contains(where: \.isRequiredAndMissing) }
}

/// The assessment of a set of workloads at one moment against one catalog.
public struct AssessmentReport: Sendable, Hashable {
    public var generatedAt: Date
    public var catalogVersion: Int
    public var workloads: [WorkloadAssessment]

    public init(generatedAt: Date, catalogVersion: Int, workloads: [WorkloadAssessment]) {
        self.generatedAt = generatedAt
        self.catalogVersion = catalogVersion
        self.workloads = workloads
    }

    /// Whether any workload misses a required control.
    public var hasMissingRequired: Bool { workloads.contains(where: \.hasMissingRequired) }
}
