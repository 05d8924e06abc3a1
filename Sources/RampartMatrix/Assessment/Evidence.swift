import Foundation

/// One piece of evidence that a control holds.
public struct EvidenceItem: Sendable, Hashable, Codable {
    public var method: EvidenceMethod
    /// Where it comes from: a manifest file, `rampart.yaml`, a scan report, the audit log.
    public var source: String
    /// What it says, in a sentence.
    public var detail: String

    public init(method: EvidenceMethod, source: String, detail: String) {
        self.method = method
        self.source = source
        self.detail = detail
    }
}

/// Evidence gathered outside the manifests: from Rampart's configuration, posture scans and runtime records.
///
/// Each fact names a control and, optionally, the workloads it covers (none: every workload).
public struct EvidenceSet: Sendable, Hashable {
    public struct Fact: Sendable, Hashable {
        public var controlID: String
        /// The workloads the fact covers; empty means all.
        public var workloads: Set<String>
        public var item: EvidenceItem

        public init(controlID: String, workloads: Set<String> = [], item: EvidenceItem) {
            self.controlID = controlID
            self.workloads = workloads
            self.item = item
        }
    }

    public var facts: [Fact]
    /// Facts that show a control does not hold (a failed posture check): any one of them makes the control missing
    /// whatever else vouches for it.
    public var gaps: [Fact]

    public init(_ facts: [Fact] = [], gaps: [Fact] = []) {
        self.facts = facts
        self.gaps = gaps
    }

    /// The facts about one control that cover one workload.
    public func items(for controlID: String, workload: String) -> [EvidenceItem] {
        Self.covering(facts, controlID, workload)
    }

    /// The gaps in one control that concern one workload.
    public func gaps(for controlID: String, workload: String) -> [EvidenceItem] {
        Self.covering(gaps, controlID, workload)
    }

    static func covering(_ facts: [Fact], _ controlID: String, _ workload: String) -> [EvidenceItem] {
        facts.filter { $0.controlID == controlID && ($0.workloads.isEmpty || $0.workloads.contains(workload)) }.map(\.item)
    }

    public static func + (left: EvidenceSet, right: EvidenceSet) -> EvidenceSet {
        EvidenceSet(left.facts + right.facts, gaps: left.gaps + right.gaps)
    }
}
