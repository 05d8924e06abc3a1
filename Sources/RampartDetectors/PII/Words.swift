/// Word tokens over UTF-8 bytes: letters (any non-ASCII byte counts as a letter), with inner apostrophes and
/// hyphens, a possessive "'s" left out; each with its byte range.
///
/// A `Word` is plain data (no `String`, nothing to retain): the detectors copy words freely, and an ASCII word costs
/// no allocation (a word with other letters is lower-cased through a `String` once, when the text is split).
struct Word {
    var range: Range<Int>
    /// The word in lower case, as `WordSet` and `Phrases` compare it.
    let spelling: Spelling
    /// The spelling's hash, computed once.
    let key: UInt64
    /// What the word is to the detectors (looked up in the lexicon the text was split with).
    let roles: WordRoles
    var capitalized: Bool
    var isNumber: Bool
    /// Whether the first character is a number of any script ("4", "٣", "①").
    var startsWithNumber: Bool
    /// Whether every byte is ASCII.
    var isASCII: Bool

    /// A word with its roles in `lexicon`.
    init(range: Range<Int>, spelling: Spelling, lexicon: WordLexicon, capitalized: Bool, isNumber: Bool, startsWithNumber: Bool, isASCII: Bool) {
        self.range = range
        self.spelling = spelling
        self.key = spelling.key
        self.roles = lexicon.roles(of: spelling, key: key)
        self.capitalized = capitalized
        self.isNumber = isNumber
        self.startsWithNumber = startsWithNumber
        self.isASCII = isASCII
    }

    /// Whether the word is `literal` (lower case), ignoring case.
    @inline(__always) func `is`(_ literal: StaticString) -> Bool {
        spelling.count == literal.utf8CodeUnitCount && spelling == Spelling(literal)
    }

    /// The number of characters (for ASCII, of bytes).
    func characterCount(in t: ByteText) -> Int { isASCII ? range.count : t.string(range).count }

    /// The word in lower case, made on demand (the detectors compare spellings; a few need the text).
    func lower(in t: ByteText) -> String {
        guard isASCII else { return Words.lowercased(t.string(range)) }
        return String(unsafeUninitializedCapacity: range.count) { buffer in
            for (n, k) in range.enumerated() { buffer[n] = ASCII.lowercase(t[k]) }
            return range.count
        }
    }
}

/// A lower-case word as four integers: its first 16 UTF-8 bytes packed, its length in bytes, and FNV-1a over the
/// bytes after the sixteenth. Words of up to 16 bytes (almost all) compare exactly; longer ones also by length and the
/// 64-bit hash of their remainder.
struct Spelling: Hashable, Sendable {
    private var head: UInt64 = 0
    private var tail: UInt64 = 0
    private var rest: UInt64 = 0xCBF2_9CE4_8422_2325
    private(set) var count = 0

    init() {}

    init(_ word: some StringProtocol) {
        for b in word.utf8 { add(b) }
    }

    init(_ literal: StaticString) {
        literal.withUTF8Buffer { for b in $0 { add(b) } }
    }

    /// Appends a (lower-case) byte.
    @inline(__always) mutating func add(_ b: UInt8) {
        if count < 8 {
            head |= UInt64(b) << UInt64(count &* 8)
        } else if count < 16 {
            tail |= UInt64(b) << UInt64((count &- 8) &* 8)
        } else {
            rest = (rest ^ UInt64(b)) &* 0x0000_0100_0000_01B3
        }
        count &+= 1
    }

    /// The spelling of `bytes[range]` in ASCII lower case, as `add(ASCII.lowercase(b))` byte by byte makes it: the
    /// first sixteen bytes are read and lower-cased eight at a time.
    init(lowercasing bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        count = range.count
        head = EightBytes.lowercased(EightBytes.load(bytes, from: range.lowerBound, count: min(8, count)))
        if count > 8 { tail = EightBytes.lowercased(EightBytes.load(bytes, from: range.lowerBound + 8, count: min(8, count - 8))) }
        if count > 16 {
            for k in (range.lowerBound + 16)..<range.upperBound { rest = (rest ^ UInt64(ASCII.lowercase(bytes[k]))) &* 0x0000_0100_0000_01B3 }
        }
    }

    /// A 64-bit hash of the spelling, for `WordSet`'s slots.
    var key: UInt64 {
        var h = (head ^ UInt64(count)) &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ h >> 31 ^ tail) &* 0xD6E8_FEB8_6659_FD93
        return h ^ h >> 32 ^ rest
    }
}

enum Words {
    /// `text.lowercased()`, without making a new string when no character changes (most words of scripts without
    /// case, and lower-case words of the others).
    static func lowercased(_ text: String) -> String {
        text.unicodeScalars.contains(where: changesWhenLowercased) ? text.lowercased() : text
    }

    /// `scalar.properties.changesWhenLowercased`, answered without the property's look-up for ASCII and for the
    /// scripts without case that make up most of Chinese, Japanese and Korean text.
    @inline(__always) static func changesWhenLowercased(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x80: ASCII.isUpper(UInt8(scalar.value))
        case 0x2E80...0xA4CF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0x20000...0x3FFFF: false
        default: scalar.properties.changesWhenLowercased
        }
    }

    /// The words of `t`, found by its word-byte mask (`ByteClasses.Class.word`): a word's start and end are each one
    /// bit search, so a word costs the same whatever its length and no loop branches at every byte. Each word has
    /// its roles in `lexicon`.
    static func split(_ t: ByteText, _ lexicon: WordLexicon = .empty) -> [Word] {
        t.bytes.withUnsafeBufferPointer { split(t, $0, lexicon) }
    }

    private static func split(_ t: ByteText, _ bytes: UnsafeBufferPointer<UInt8>, _ lexicon: WordLexicon) -> [Word] {
        var words: [Word] = []
        words.reserveCapacity(bytes.count / 6)
        let classes = t.classes, textIsASCII = classes.isASCII
        @inline(__always) func isWordByte(_ b: UInt8) -> Bool { ASCII.isAlnum(b) || b >= 0x80 }
        @inline(__always) func allDigits(_ range: Range<Int>) -> Bool {
            for k in range where !ASCII.isDigit(bytes[k]) { return false }
            return true
        }
        var i = classes.firstSet(.word, from: 0)
        while i < bytes.count {
            let c = bytes[i]
            var j = classes.firstClear(.word, from: i + 1)
            // An apostrophe or a hyphen between word bytes joins them ("don't", "52-year-old"): not a number then.
            var joined = false
            while j + 1 < bytes.count, bytes[j] == UInt8(ascii: "'") || bytes[j] == UInt8(ascii: "-"), isWordByte(bytes[j + 1]) {
                joined = true
                j = classes.firstClear(.word, from: j + 2)
            }
            let ascii = textIsASCII || !bytes[i..<j].contains { $0 >= 0x80 }
            var digits = !joined && ASCII.isDigit(c) && allDigits(i..<j)
            // A possessive is its owner: "Asya's" is the word "Asya" (the "'s" belongs to no word).
            let next = j
            if j - i > 2, bytes[j - 2] == UInt8(ascii: "'"), bytes[j - 1] | 0x20 == UInt8(ascii: "s") {
                j -= 2
                digits = allDigits(i..<j)
            }
            let spelling: Spelling, capitalized: Bool, startsWithNumber: Bool
            if ascii {
                spelling = Spelling(lowercasing: bytes, i..<j)
                capitalized = ASCII.isUpper(c)
                startsWithNumber = ASCII.isDigit(c)
            } else {
                let text = t.string(i..<j)
                spelling = Spelling(lowercased(text))
                capitalized = text.unicodeScalars.first?.properties.isUppercase ?? false
                startsWithNumber = c < 0x80 ? ASCII.isDigit(c) : text.first?.isNumber == true
            }
            words.append(Word(range: i..<j, spelling: spelling, lexicon: lexicon, capitalized: capitalized,
                              isNumber: digits, startsWithNumber: startsWithNumber, isASCII: ascii))
            i = classes.firstSet(.word, from: next)
        }
        return words
    }
}
