@testable import RampartDetectors
import Testing

/// Values hidden behind invisible characters and look-alike forms are found, and reported where they are in the
/// text as written (code points of the original).
@Suite struct FoldedTextTests {
    static let detectors = Detectors.standard

    static let hidden: [(String, String, Range<Int>)] = [
        ("card 4111\u{200B}1111\u{200B}1111\u{200B}1111 ok", "CREDIT_CARD", 5..<24),
        ("card ４１１１ １１１１ １１１１ １１１１ ok", "CREDIT_CARD", 5..<24),
        ("mail ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ now", "EMAIL_ADDRESS", 5..<21),
        ("mail 𝐣𝐚𝐧𝐞@example.com now", "EMAIL_ADDRESS", 5..<21),
        ("call +44\u{A0}20\u{A0}7946\u{A0}0958 today", "PHONE_NUMBER", 5..<21),
        // As written, a part of the value reads as one ("20 7946 0958", "12 34 56 78", "Smith"); folded, the whole.
        ("call +44\u{A0}20 7946 0958 today", "PHONE_NUMBER", 5..<21),
        ("appelle le +33 6\u{200B}12 34 56 78 merci", "PHONE_NUMBER", 11..<28),
        ("Mr\u{A0}John Smith lives here", "PERSON", 3..<13),
        ("my ssn is 123\u{2010}45\u{2010}6789", "US_SSN", 10..<21),
        ("token ghp_wWPw5k4a\u{200B}XcaT4fNP0UcnZwJUVFk6LO0pINUx", "GITHUB_TOKEN", 6..<47),
        ("token ｇｈｐ＿wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx", "GITHUB_TOKEN", 6..<46),
        ("key AKIA\u{AD}IOSFODNN7QX3MPLE", "AWS_ACCESS_KEY_ID", 4..<25),
        ("key AKIA\u{2060}IOSF\u{FEFF}ODNN7QX3MPLE here", "AWS_ACCESS_KEY_ID", 4..<26),
        // An invisible character standing for a space: the first reading finds it.
        ("Lisa Wright, SSN\u{200B}512-96-1600,\u{200B}phone", "US_SSN", 17..<28),
    ]

    @Test(arguments: hidden)
    func hiddenValuesAreFound(text: String, type: String, span: Range<Int>) {
        let findings = Self.detectors.scan(text, options: ScanOptions(injection: false))
        #expect(findings.contains { $0.type == type && $0.start == span.lowerBound && $0.end == span.upperBound }, "\(findings)")
    }

    /// A canary written with invisible characters between its letters is still a leak.
    @Test func aCanaryWithInvisibleCharactersIsALeak() {
        let findings = Self.detectors.scan("the note says RMP-CANARY-\u{200B}7f3a\u{200C}9c now", options: ScanOptions(canaries: ["RMP-CANARY-7f3a9c"]))
        #expect(findings.contains { $0.category == .canary && $0.start == 14 && $0.end == 33 }, "\(findings)")
    }

    /// Folding keeps where every byte came from: a folded range maps to the original characters it was made from.
    @Test func foldedRangesMapToTheOriginal() throws {
        let original = Array("a\u{200B}ｂc\u{A0}ⓓ".utf8)
        let folded = try #require(FoldedText(original))
        #expect(String(decoding: folded.bytes, as: UTF8.self) == "abc d")
        // "bc" comes from "ｂc" (bytes 4..<8), "d" from "ⓓ" (bytes 10..<13).
        #expect(folded.originalRange(1..<3) == 4..<8)
        #expect(folded.originalRange(4..<5) == 10..<13)
        #expect(folded.originalRange(0..<2) == 0..<7)
        #expect(FoldedText(Array("plain ASCII".utf8)) == nil)
        #expect(FoldedText(Array("Zoë and Jürgen".utf8)) == nil)
    }

    /// Folding visits only the characters above ASCII and copies the rest whole: the same bytes, and each from the
    /// same place, as folding every character in turn. Random text of ASCII, characters that fold (invisible ones,
    /// spaces, full-width and enclosed forms, hyphens) and characters that stay, some of it with a character cut
    /// short or a stray continuation byte.
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func foldingCopiesWhatStays(seed: UInt64) throws {
        var random = Seeded(seed)
        let pieces = ["a", "Z", "4111", " ", "-", "\n", "é", "中", "😀", "\u{301}", "\u{200B}", "\u{AD}", "\u{A0}", "\u{202F}", "ｊ", "４", "①",
                      "𝐣", "\u{2010}", "—", "\u{FE0F}", String(repeating: "plain ASCII ", count: 3)]
        for _ in 0..<300 {
            var bytes = Array((0..<(1 + random.next(40))).map { _ in pieces[random.next(pieces.count)] }.joined().utf8)
            if random.next(4) == 0 { bytes.insert(0x80 + UInt8(random.next(0x40)), at: random.next(bytes.count + 1)) }
            if random.next(4) == 0 { bytes.append(0xE4) }
            // Every character in turn, as folding first did.
            var expected: [UInt8] = [], origins: [Int] = [], changed = false, i = 0
            while i < bytes.count {
                let length = UTF8Scalar.length(bytes[i])
                guard length > 1, i + length <= bytes.count else { expected.append(bytes[i]); origins.append(i); i += 1; continue }
                let folded = FoldedText.fold(UTF8Scalar.value(bytes, at: i, length: length))
                changed = changed || folded != nil
                let out = folded ?? Array(bytes[i..<(i + length)])
                expected += out
                origins += repeatElement(i, count: out.count)
                i += length
            }
            guard changed else { #expect(FoldedText(bytes) == nil, "\(bytes)"); continue }
            let folded = try #require(FoldedText(bytes), "\(bytes)")
            #expect(folded.bytes == expected, "\(bytes)")
            // Each folded byte's origin, read one byte at a time.
            let mapped = (0..<expected.count).map { folded.originalRange($0..<($0 + 1)).lowerBound }
            #expect(mapped == origins, "\(bytes)")
        }
    }

    /// `merging(folded:)` adds a folded finding that overlaps none as written of its category, and lets one take the
    /// place of those it overlaps when it holds them all and is not one of them; as a search of every pair says, on
    /// random findings.
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func mergingAgreesWithEveryPair(seed: UInt64) {
        var random = Seeded(seed)
        let categories = Finding.Category.allCases
        func findings(_ n: Int) -> [RawFinding] {
            (0..<n).map { _ in
                let start = random.next(200)
                return RawFinding(category: categories[random.next(categories.count)], type: "T", range: start..<(start + 1 + random.next(20)))
            }
        }
        for _ in 0..<300 {
            let written = findings(random.next(12)), folded = findings(random.next(12))
            func overlapped(by f: RawFinding) -> [RawFinding] { written.filter { $0.category == f.category && $0.range.overlaps(f.range) } }
            func replaces(_ f: RawFinding) -> Bool {
                let under = overlapped(by: f)
                return !under.isEmpty && !under.contains { $0.range == f.range }
                    && under.allSatisfy { f.range.lowerBound <= $0.range.lowerBound && $0.range.upperBound <= f.range.upperBound }
            }
            let replacing = folded.filter(replaces)
            let expected = written.filter { w in !replacing.contains { $0.category == w.category && $0.range.overlaps(w.range) } }
                + folded.filter { overlapped(by: $0).isEmpty || replaces($0) }
            #expect(written.merging(folded: folded) == expected)
        }
    }
}
