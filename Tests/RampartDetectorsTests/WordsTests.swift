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

    /// Words found by the word-byte mask are the words a byte-by-byte reading finds, with the same number and ASCII
    /// flags, on texts dense in the bytes that end, join and start words, across the masks' 64-byte blocks.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func splittingByTheMaskIsSplittingByteByByte(seed: UInt64) {
        var random = Seeded(seed)
        let pieces = ["a", "Z", "7", "0", "'", "-", " ", "'s", "'S", "é", "\u{2163}", ".", "\n", "q", "x1", "--", "''"]
        for _ in 0..<300 {
            let text = (0..<random.next(120)).map { _ in pieces[random.next(pieces.count)] }.joined()
            let t = ByteText(text)
            let found = Words.split(t).map { [$0.range.lowerBound, $0.range.upperBound, $0.isNumber ? 1 : 0, $0.isASCII ? 1 : 0] }
            #expect(found == Self.byteByByte(Array(text.utf8)), "\(text.debugDescription)")
        }
    }

    /// The word splitting rules read one byte at a time: each word's range, whether it is all digits, whether ASCII.
    static func byteByByte(_ bytes: [UInt8]) -> [[Int]] {
        func isWordByte(_ b: UInt8) -> Bool { ASCII.isAlnum(b) || b >= 0x80 }
        var words: [[Int]] = []
        var i = 0
        while i < bytes.count {
            guard isWordByte(bytes[i]) else { i += 1; continue }
            var j = i + 1
            while j < bytes.count, isWordByte(bytes[j]) || (bytes[j] == UInt8(ascii: "'") || bytes[j] == UInt8(ascii: "-")) && j + 1 < bytes.count && isWordByte(bytes[j + 1]) {
                j += 1
            }
            let ascii = bytes[i..<j].allSatisfy { $0 < 0x80 }
            var end = j
            if j - i > 2, bytes[j - 2] == UInt8(ascii: "'"), bytes[j - 1] | 0x20 == UInt8(ascii: "s") { end -= 2 }
            words.append([i, end, bytes[i..<end].allSatisfy(ASCII.isDigit) ? 1 : 0, ascii ? 1 : 0])
            i = j
        }
        return words
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

    /// Each word of the text is given the roles of every list that holds it (in any case, ASCII or not), and no
    /// other: the detectors test these bits in place of the lists.
    @Test func wordsHaveTheRolesOfTheirLists() {
        let lexicon = WordLexicon.pii(firstNames: ["paris", "asya", "åsa"], lastNames: ["lindqvist", "may"])
        let lists = WordRoles.lists + [(.firstName, WordSet(["paris", "asya", "åsa"])), (.lastName, WordSet(["lindqvist", "may"]))]
        // Every member of every list: its roles are those of the lists that hold it.
        for member in lists.flatMap({ $0.1.members }) {
            let expected = lists.filter { $0.1.contains(member) }.reduce(into: WordRoles()) { $0.formUnion($1.0) }
            #expect(lexicon.roles(of: member, key: member.key) == expected)
        }
        #expect(Set(lexicon.members) == Set(lists.flatMap { $0.1.members }))
        let t = ByteText("Dear Mr Asya LINDQVIST, Paris in May: ÅSA at 12 Rue de la Paix, the cat")
        let roles = Dictionary(Words.split(t, lexicon).map { ($0.lower(in: t), $0.roles) }, uniquingKeysWith: { a, _ in a })
        #expect(roles["dear"] == [.notName, .weakLeadInEnd])
        #expect(roles["mr"] == .title)
        #expect(roles["asya"] == .firstName)
        #expect(roles["lindqvist"] == .lastName)
        #expect(roles["paris"] == [.firstName, .place])
        #expect(roles["may"] == [.lastName, .notName, .month])
        #expect(roles["åsa"] == .firstName)
        #expect(roles["rue"] == .streetWordBefore)
        #expect(roles["de"] == .nameParticle)
        #expect(roles["la"] == [.placePrefix, .nameParticle])
        #expect(roles["in"] == [.locationLeadInEnd])
        #expect(roles["cat"] == [])
        #expect(roles["12"] == [])
        #expect(Words.split(t).allSatisfy { $0.roles.isEmpty })
    }

    /// The short cuts of `changesWhenLowercased` answer as the Unicode property does, for every scalar.
    @Test func changesWhenLowercasedIsTheProperty() {
        var differing: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if Words.changesWhenLowercased(scalar) != scalar.properties.changesWhenLowercased { differing.append(value) }
        }
        #expect(differing.isEmpty, "\(differing.prefix(10).map { String($0, radix: 16) })")
    }
}
