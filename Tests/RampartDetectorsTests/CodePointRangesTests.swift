@testable import RampartDetectors
import Testing

/// Byte ranges become code-point ranges (what findings report) the same way whether the text is ASCII (taken as
/// they are) or not (counted in one pass): each bound is the number of code points before it.
@Suite struct CodePointRangesTests {
    @Test(arguments: [("ASCII", ["a", "Z", "7", " ", "-", "\n"]), ("mixed", ["a", "é", "中", "😀", " ", "\u{301}"])])
    func eachBoundCountsTheCodePointsBeforeIt(name: String, pieces: [String]) {
        var random = Seeded(UInt64(name.utf8.count))
        for _ in 0..<200 {
            let text = (0..<random.next(60)).map { _ in pieces[random.next(pieces.count)] }.joined()
            let t = ByteText(text)
            // Ranges on scalar boundaries, in any order, some empty.
            let bounds = [0] + text.unicodeScalars.indices.map { text.utf8.distance(from: text.startIndex, to: $0) } + [t.count]
            let ranges = (0..<random.next(6)).map { _ in
                let a = bounds[random.next(bounds.count)], b = bounds[random.next(bounds.count)]
                return min(a, b)..<max(a, b)
            }
            let expected = ranges.map { t.codePointOffset($0.lowerBound)..<t.codePointOffset($0.upperBound) }
            #expect(t.codePointRanges(ranges) == expected, "\(text.debugDescription) \(ranges)")
        }
    }
}
