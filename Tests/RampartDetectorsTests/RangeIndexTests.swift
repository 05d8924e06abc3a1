@testable import RampartDetectors
import Testing

/// `RangeIndex` answers as `Range.overlaps` and the bounds do against each range, on random ranges (empty ones
/// included: the index holds none).
@Suite struct RangeIndexTests {
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func agreesWithOverlapsOnEachRange(seed: UInt64) {
        var random = Seeded(seed)
        func next(_ bound: Int) -> Int { random.next(bound) }
        func range() -> Range<Int> {
            let start = next(200)
            return start..<(start + next(12))
        }
        let ranges = (0..<next(60)).map { _ in range() }
        let index = RangeIndex(ranges)
        #expect(index.isEmpty == ranges.allSatisfy(\.isEmpty))
        for _ in 0..<500 {
            let probe = range()
            #expect(index.overlaps(probe) == ranges.contains { $0.overlaps(probe) }, "\(probe) in \(ranges)")
            let reaching = ranges.contains { !$0.isEmpty && $0.lowerBound < probe.lowerBound && $0.upperBound >= probe.upperBound }
            #expect(index.reaches(startingBefore: probe) == reaching, "\(probe) in \(ranges)")
        }
    }

    /// An index of the findings a predicate keeps is the index of their ranges.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func ofTheFindingsKeptIsOfTheirRanges(seed: UInt64) {
        var random = Seeded(seed)
        func next(_ bound: Int) -> Int { random.next(bound) }
        let findings = (0..<next(60)).map { _ in
            let start = next(200)
            return RawFinding(category: .pii, type: ["PHONE_NUMBER", "US_SSN", "EMAIL_ADDRESS"][next(3)], range: start..<(start + next(12)))
        }
        let kept = RangeIndex(findings) { $0.type != "PHONE_NUMBER" }
        let expected = RangeIndex(findings.filter { $0.type != "PHONE_NUMBER" }.map(\.range))
        for start in 0..<210 {
            for length in 0..<14 {
                let probe = start..<(start + length)
                #expect(kept.overlaps(probe) == expected.overlaps(probe))
                #expect(kept.within(probe) == expected.within(probe))
                #expect(kept.reaches(startingBefore: probe) == expected.reaches(startingBefore: probe))
            }
        }
    }
}
