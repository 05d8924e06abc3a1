@testable import RampartDetectors
import Testing

/// Overlap resolution keeps, per category, what the dictionary-keyed version before it kept (written out here as
/// the reference), on random findings of every category.
@Suite struct ResolvingOverlapsTests {
    static func reference(_ findings: [RawFinding]) -> [RawFinding] {
        var kept: [RawFinding] = []
        var furthest: [Finding.Category: Int] = [:]
        for finding in findings.sorted(by: { ($0.range.lowerBound, -$0.range.count) < ($1.range.lowerBound, -$1.range.count) }) {
            if let index = furthest[finding.category], kept[index].range.overlaps(finding.range) {
                if kept[index].range.count < finding.range.count { kept[index] = finding }
                continue
            }
            kept.append(finding)
            if let index = furthest[finding.category], kept[index].range.upperBound >= finding.range.upperBound { continue }
            furthest[finding.category] = kept.count - 1
        }
        return kept
    }

    @Test func slotsAreThePlacesAmongAllCases() {
        #expect(Finding.Category.allCases.map(\.slot) == Array(Finding.Category.allCases.indices))
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func keepsWhatTheReferenceKeeps(seed: UInt64) {
        var random = Seeded(seed)
        func next(_ bound: Int) -> Int { random.next(bound) }
        for _ in 0..<200 {
            let findings = (0..<next(40)).map { n in
                let start = next(300)
                return RawFinding(category: Finding.Category.allCases[next(4)], type: "T\(n)", range: start..<(start + 1 + next(30)))
            }
            #expect(findings.resolvingOverlaps() == Self.reference(findings))
        }
    }
}
