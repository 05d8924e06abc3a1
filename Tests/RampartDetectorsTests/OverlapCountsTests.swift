@testable import RampartDetectors
import Testing

/// `OverlapCounts` counts as `Range.overlaps` does against each finding of the kind asked for, on random findings of
/// a few kinds (empty ranges included, which overlap nothing).
@Suite struct OverlapCountsTests {
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func countsAsOverlapsDoesOnEachFinding(seed: UInt64) {
        var random = Seeded(seed)
        let kinds: [(Finding.Category, String)] = [(.pii, "EMAIL_ADDRESS"), (.pii, "US_SSN"), (.secret, "EMAIL_ADDRESS")]
        func range() -> Range<Int> {
            let start = random.next(200)
            return start..<(start + random.next(random.next(4) == 0 ? 60 : 12))
        }
        let findings = (0..<random.next(80)).map { _ in
            let kind = kinds[random.next(kinds.count)]
            return RawFinding(category: kind.0, type: kind.1, range: range())
        }
        let counts = OverlapCounts(findings)
        for _ in 0..<500 {
            let probe = range(), kind = kinds[random.next(kinds.count)]
            let expected = findings.count { $0.category == kind.0 && $0.type == kind.1 && $0.range.overlaps(probe) }
            #expect(counts.count(kind.0, kind.1, overlapping: probe) == expected, "\(kind) \(probe) in \(findings)")
        }
    }
}
