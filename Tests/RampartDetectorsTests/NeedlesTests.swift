@testable import RampartDetectors
import Testing

/// `ASCII.occurrences` and `ASCII.contains` find what a byte-by-byte comparison of every needle at every start finds,
/// ignoring ASCII case: with needles of few first bytes (read sixteen bytes at a time where SSE2 is) and of many
/// (one byte at a time), one-byte needles, ranges that start and end inside and across sixteen-byte blocks, and
/// bytes that differ from a needle's first only in their 0x20 bit ("\u{02}" and "\"", "@" and "`").
@Suite struct NeedlesTests {
    static let few: Needles = ["born", "birth", "dob", "d.o.b", "né le", "date de naissance"]
    static let many: Needles = ["order", "invoice", "ticket", "#", "no.", "id", "sku", "case", "account", "part", "serial", "ref"]

    @Test(arguments: [(1, true), (2, true), (3, false), (4, false)] as [(UInt64, Bool)])
    func theNeedlesFoundAreTheOnesEveryStartShows(seed: UInt64, few: Bool) {
        let needles = few ? Self.few : Self.many
        let words: [[UInt8]] = few ? ["born", "birth", "dob", "d.o.b", "né le", "date de naissance"].map { Array($0.utf8) }
            : ["order", "invoice", "ticket", "#", "no.", "id", "sku", "case", "account", "part", "serial", "ref"].map { Array($0.utf8) }
        #expect((needles.firstBytes != nil) == few)
        let pieces = ["born", "BORN", "Birth", "dOb", "d.o.b", "D.O.B", "né le", "NÉ LE", "date de naissance", "order", "#", "No.", "ID", "sku",
                      "case", "Ref", "x", " ", "  ", "\n", "b", "d", "\u{02}", "\"", "@", "`", "B", "n", "é", "0", "part", "serial"]
        var random = Seeded(seed)
        for _ in 0..<300 {
            let text = (0..<random.next(40)).map { _ in pieces[random.next(pieces.count)] }.joined()
            let t = ByteText(text), bytes = Array(text.utf8)
            let lo = random.next(bytes.count + 1), hi = lo + random.next(bytes.count - lo + 1)
            func matches(_ word: [UInt8], at i: Int, limit: Int) -> Bool {
                i + word.count <= limit && (0..<word.count).allSatisfy { ASCII.lowercase(bytes[i + $0]) == word[$0] }
            }
            var expected: [Range<Int>] = []
            for i in lo..<hi { for word in words where matches(word, at: i, limit: bytes.count) { expected.append(i..<(i + word.count)) } }
            var found: [Range<Int>] = []
            ASCII.occurrences(t, startingIn: lo..<hi, of: needles) { found.append($0) }
            #expect(found.sorted { ($0.lowerBound, $0.upperBound) < ($1.lowerBound, $1.upperBound) }
                    == expected.sorted { ($0.lowerBound, $0.upperBound) < ($1.lowerBound, $1.upperBound) }, "\(text) in \(lo)..<\(hi)")
            #expect(found.map(\.lowerBound) == found.map(\.lowerBound).sorted(), "in order of start: \(text)")
            let within = (lo..<hi).contains { i in words.contains { matches($0, at: i, limit: hi) } }
            #expect(ASCII.contains(t, in: lo..<hi, anyOf: needles) == within, "\(text) in \(lo)..<\(hi)")
        }
    }
}
