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
