import RampartMatrix
import RampartPosture

/// A posture scan as evidence for the Scoping Matrix assessment: each rule that passed on every resource it checked
/// vouches for its controls; each failed check is a gap in them. Resources tagged `rampart:workload` concern those
/// workloads only; untagged ones concern every workload. When part of a live account could not be read, nothing
/// vouches (what was not seen may fail), and only the gaps found count.
enum PostureEvidence {
    static func evidence(from report: ScanReport) -> EvidenceSet {
        let source = "posture scan of \(report.inputs.joined(separator: ", "))"
        var facts: [EvidenceSet.Fact] = [], gaps: [EvidenceSet.Fact] = []
        for failure in report.failures {
            let resource = failure.check.resource
            let place = resource.location.line.map { "\(resource.location.file):\($0)" } ?? (resource.location.region ?? resource.location.file)
            for control in failure.rule.controls {
                gaps.append(EvidenceSet.Fact(controlID: control, workloads: Set(resource.workloads), item: EvidenceItem(
                    method: .infrastructureScan, source: source,
                    detail: "\(failure.rule.id) failed on \(resource.cloudID ?? resource.name) (\(place)): \(failure.check.message)")))
            }
        }
        guard report.unreadable.isEmpty else { return EvidenceSet([], gaps: gaps) }
        // Passing checks, one item per rule and workload set: "aws.s3.cmek passed on 3 resources".
        var passed: [String: (rule: PostureRule, workloads: Set<String>, count: Int)] = [:]
        for finding in report.findings where finding.passed {
            let workloads = Set(finding.check.resource.workloads)
            let key = finding.rule.id + "|" + workloads.sorted().joined(separator: ",")
            passed[key, default: (finding.rule, workloads, 0)].count += 1
        }
        for (_, entry) in passed.sorted(by: { $0.key < $1.key }) {
            for control in entry.rule.controls {
                facts.append(EvidenceSet.Fact(controlID: control, workloads: entry.workloads, item: EvidenceItem(
                    method: .infrastructureScan, source: source,
                    detail: "\(entry.rule.id) passed on \(entry.count) resource(s): \(entry.rule.title)")))
            }
        }
        return EvidenceSet(facts, gaps: gaps)
    }
}
