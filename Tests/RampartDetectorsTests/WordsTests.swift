@testable import RampartDetectors
import Testing

/// How `Words.split` reads words and how `WordSet` and `Phrases` match them by `Spelling`: against the lower-case
/// `String` of each word, for words short and long, ASCII and not.
@Suite struct WordsTests {
    /// Text, then each word as `lower(in:)` gives it, with its number flags.
    static let splits: [(String, [String], [Bool])] = [
        ("Asya's car", ["asya", "car"], [false, false]),
        ("12's ZIP 94105-1804", ["12", "zip", "94105-1804"], [true, false, false]),
        ("Dear ÅSA Lindqvist-Ödegaard,", ["dear", "åsa", "lindqvist-ödegaard"], [false, false, false]),
        ("rock'n'roll -- don't", ["rock'n'roll", "don't"], [false, false]),
        ("a 52-YEAR-OLD", ["a", "52-year-old"], [false, false]),
    ]

    @Test(arguments: splits)
    func splitsWordsAndSpellsThemInLowerCase(text: String, lower: [String], numbers: [Bool]) {
        let t = ByteText(text)
        let words = Words.split(t)
        #expect(words.map { $0.lower(in: t) } == lower)
        #expect(words.map(\.isNumber) == numbers)
        for word in words {
            #expect(word.spelling == Spelling(word.lower(in: t)), "\(word.lower(in: t))")
        }
    }

    /// Words are spelt eight bytes at a time: the same spelling as byte by byte, for every length and case, at the
    /// start, the middle and the end of a text (where fewer than eight bytes are left to read).
    @Test(arguments: [1, 2, 3] as [UInt64])
    func spellingEightBytesAtATimeIsSpellingByteByByte(seed: UInt64) {
        var random = Seeded(seed)
        let alphabet = Array("AZaz09@[`{'-_ \u{7F}".utf8) + (0x20...0x7E).map(UInt8.init)
        for _ in 0..<500 {
            let bytes = (0..<random.next(48)).map { _ in alphabet[random.next(alphabet.count)] }
            let start = bytes.isEmpty ? 0 : random.next(bytes.count), end = start + random.next(bytes.count - start + 1)
            var expected = Spelling()
            for b in bytes[start..<end] { expected.add(ASCII.lowercase(b)) }
            bytes.withUnsafeBufferPointer { #expect(Spelling(lowercasing: $0, start..<end) == expected, "\(bytes) \(start)..<\(end)") }
        }
    }

    /// Words past 16 bytes are told apart by the bytes after the sixteenth too, and by their length.
    @Test(arguments: [
        ("Bartholomew-Fitzgerald-Smythe", "bartholomew-fitzgerald-smythe", true),
        ("Bartholomew-Fitzgerald-Smythe", "bartholomew-fitzgerald-smytha", false),
        ("Bartholomew-Fitzgerald-Smythe", "bartholomew-fitzgerald-smyth", false),
        ("Bartholomew-Fitzgerald", "bartholomew-fitzgerald-smythe", false),
        ("Abcdefghijklmnop", "abcdefghijklmnop", true),
        ("Abcdefghijklmnop", "abcdefghijklmnoq", false),
        ("Straße", "straße", true),
        ("STRASSE", "straße", false),
        ("of", "of", true),
        ("off", "of", false),
    ])
    func wordSetMatchesWholeWordsOnly(text: String, member: String, expected: Bool) throws {
        let t = ByteText(text)
        let word = try #require(Words.split(t).first)
        let set = WordSet(["the", member, "street"])
        #expect(set.contains(word) == expected)
        #expect(word.is("of") == (word.lower(in: t) == "of"))
    }

    @Test func phrasesEndAndStartAtTheirWords() {
        let t = ByteText("We moved here from Tunisia; I am 34 years old")
        let words = Words.split(t)
        let leadIns = Phrases([["moved", "here", "from"], ["from"]])
        #expect(words.indices.filter { leadIns.end(at: $0, in: words) } == [3])
        let ages = Phrases([["years", "old"], ["yo"]])
        #expect(ages.start(at: 8, in: words) == 2)
        #expect(ages.start(at: 9, in: words) == nil)
    }
}
