public import Foundation
public import RampartCore

/// Assesses workloads against the control catalog: for each control, satisfied (and by what), missing, or not
/// applicable (and why). Pure: evidence and time come in as values.
public struct Assessor: Sendable {
    public var catalog: ControlCatalog
    public var clock: WallClock

    public init(catalog: ControlCatalog, clock: WallClock = .system) {
        self.catalog = catalog
        self.clock = clock
    }

    /// Assesses every workload with the same evidence and the same moment.
    public func assess(_ workloads: [LoadedWorkload], evidence: EvidenceSet = EvidenceSet()) -> AssessmentReport {
        let now = clock.now
        return AssessmentReport(
            generatedAt: now, catalogVersion: catalog.version,
            workloads: workloads.map { assess($0, evidence: evidence, at: now) })
    }

    /// Assesses one workload.
    public func assess(_ workload: LoadedWorkload, evidence: EvidenceSet, at now: Date) -> WorkloadAssessment {
        let (classification, why) = Self.effectiveClassification(of: workload)
        let row = catalog.row(for: workload.decision.scope)
        let considerations = Dictionary(uniqueKeysWithValues: Discipline.allCases.map { ($0, row?[$0] ?? []) })
        let results = catalog.controls.map {
            result(for: $0, workload: workload, classification: classification, evidence: evidence, now: now)
        }
        return WorkloadAssessment(
            workload: workload, effectiveClassification: classification, classificationRationale: why,
            considerations: considerations, results: results)
    }

    /// The workload's governing classification. A fine-tuned or self-trained model takes the highest
    /// classification of its training data; when that is not declared, Rampart fails closed to `restricted`.
    public static func effectiveClassification(of workload: LoadedWorkload) -> (DataClassification, String) {
        let data = workload.manifest.data.classification
        guard workload.decision.scope >= .fineTunedModel else {
            return (data, "the data it reaches is \(data)")
        }
        guard let training = workload.manifest.trainingData?.classification else {
            return (.restricted, "the model's training data is not classified, so the model is treated as restricted until it is")
        }
        let model = max(data, training)
        return (model, "the model takes the highest classification of its training data (\(training)) and the data it reaches (\(data)): \(model)")
    }

    func result(
        for control: Control, workload: LoadedWorkload, classification: DataClassification,
        evidence: EvidenceSet, now: Date
    ) -> ControlResult {
        let manifest = workload.manifest
        guard control.scopes.contains(workload.decision.scope) else {
            return ControlResult(control: control, status: .notApplicable,
                                 reasons: ["applies to \(Self.describe(control.scopes)), not scope \(workload.decision.scope.number)"])
        }
        if !control.appliesWhen.isEmpty,
           !control.appliesWhen.contains(where: { $0.holds(for: manifest, effectiveClassification: classification) }) {
            let when = control.appliesWhen.map(\.summary).joined(separator: ", or ")
            return ControlResult(control: control, status: .notApplicable, reasons: ["applies only when \(when)"])
        }

        var found: [EvidenceItem] = []
        var reasons: [String] = []
        if control.evidence.contains(.manifest), let fact = control.manifestFact {
            switch Self.manifestEvidence(fact, workload) {
            case .success(let item): found.append(item)
            case .failure(let reason): reasons.append(reason.message)
            }
        }
        for attestation in manifest.attestations where attestation.control == control.id {
            let source = "\(workload.source.file) (attestation by \(attestation.by))"
            guard control.evidence.contains(.attestation) else {
                reasons.append("an attestation by \(attestation.by) does not count: this control needs \(Self.describe(control.evidence))")
                continue
            }
            let age = now.timeIntervalSince(attestation.date) / 86_400
            guard age <= Double(catalog.attestationMaximumAgeDays) else {
                reasons.append("the attestation by \(attestation.by) of \(Self.day(attestation.date)) is older than \(catalog.attestationMaximumAgeDays) days")
                continue
            }
            found.append(EvidenceItem(
                method: .attestation, source: source,
                detail: "attested by \(attestation.by) on \(Self.day(attestation.date)): \(attestation.evidence)"))
        }
        for item in evidence.items(for: control.id, workload: manifest.name) {
            if control.evidence.contains(item.method) {
                found.append(item)
            } else {
                reasons.append("\(item.method) evidence from \(item.source) does not count: this control needs \(Self.describe(control.evidence))")
            }
        }
        let gaps = evidence.gaps(for: control.id, workload: manifest.name).filter { control.evidence.contains($0.method) }
        if !gaps.isEmpty {
            // What fails outweighs what vouches: one public notebook is not offset by a private one.
            return ControlResult(control: control, status: .missing, evidence: found, reasons: gaps.map { "\($0.detail) (\($0.source))" })
        }
        if !found.isEmpty { return ControlResult(control: control, status: .satisfied, evidence: found) }
        if reasons.isEmpty { reasons.append("no evidence; it can be shown by \(Self.describe(control.evidence))") }
        return ControlResult(control: control, status: .missing, reasons: reasons)
    }

    struct Unmet: Error { var message: String }

    static func manifestEvidence(_ fact: ManifestFact, _ workload: LoadedWorkload) -> Result<EvidenceItem, Unmet> {
        let manifest = workload.manifest
        let source = workload.source.file
        switch fact {
        case .ownerAndScope:
            return .success(EvidenceItem(
                method: .manifest, source: source,
                detail: "listed as '\(manifest.name)', owned by \(manifest.owner), \(workload.decision.scope)"))
        case .dataClassification:
            return .success(EvidenceItem(
                method: .manifest, source: source,
                detail: "data classified \(manifest.data.classification)" + kinds(manifest.data.kinds)))
        case .trainingDataClassification:
            guard let training = manifest.trainingData else {
                return .failure(Unmet(message: "the manifest does not classify the model's training data (training_data.classification)"))
            }
            return .success(EvidenceItem(
                method: .manifest, source: source,
                detail: "training data classified \(training.classification)" + kinds(training.kinds)
                    + "; the model is classified \(max(training.classification, manifest.data.classification))"))
        }
    }

    private static func kinds(_ kinds: [DataKind]) -> String {
        kinds.isEmpty ? "" : " (\(kinds.map(\.rawValue).joined(separator: ", ")))"
    }

    static func describe(_ scopes: [Scope]) -> String {
        let numbers = scopes.map(\.number).sorted()
        guard let first = numbers.first, let last = numbers.last else { return "no scope" }
        if numbers.count == 1 { return "scope \(first)" }
        if numbers == Array(first...last) { return "scopes \(first)-\(last)" }
        return "scopes " + numbers.map(String.init).joined(separator: ", ")
    }

    static func describe(_ methods: [EvidenceMethod]) -> String {
        methods.map(\.rawValue).joined(separator: " or ")
    }

    static func day(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle().year().month().day())
    }
}
