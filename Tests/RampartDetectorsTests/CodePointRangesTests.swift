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

    /// Code points counted eight bytes at a time are those that start in the range, byte by byte: text of one- to
    /// four-byte characters, ranges from any byte to any byte (inside a character too), shorter and longer than a word.
    @Test func codePointsAreTheBytesThatStartCharacters() {
        var random = Seeded(7)
        let pieces = ["a", "Z", " ", "é", "ß", "中", "€", "😀", "\u{301}", "𝔸"]
        for _ in 0..<500 {
            let bytes = Array((0..<random.next(80)).map { _ in pieces[random.next(pieces.count)] }.joined().utf8)
            let a = random.next(bytes.count + 1), b = random.next(bytes.count + 1)
            let range = min(a, b)..<max(a, b)
            let expected = bytes[range].count { $0 & 0xC0 != 0x80 }
            #expect(bytes.withUnsafeBufferPointer { ByteText.codePoints($0, in: range) } == expected, "\(bytes) \(range)")
        }
    }
}
