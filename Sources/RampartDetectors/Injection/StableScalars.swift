/// Characters above ASCII that the injection model's normalizer (`TextNormalizer.normalize`) turns into at most one
/// character, the same whatever stands beside them, with how the tokenizer then reads that character. A word made of
/// ASCII and of these is tokenized from a table (`InjectionFeatures.appendStableTokens`), without Foundation's NFKC
/// and the Unicode property look-ups, which cost a French or Chinese text five to ten times an English one.
///
/// Beside-independence holds because each entry normalizes to nothing or to one character of canonical combining
/// class 0 that is not a conjoining Hangul jamo, and none is the second character of a canonical composition: those
/// are combining marks (U+0300 and above, not in these ranges), Hangul vowel and trailing jamo (which half-width
/// Hangul letters become: they are left out), and some Indic vowel signs, none of them here. A text
/// holding any other character above ASCII takes the general path for that word.
struct StableScalars: Sendable {
    /// How the tokenizer reads a character: `kind` in the high byte, the normalized (lower-case) character below.
    struct Entry: Equatable {
        let raw: UInt32
        static let none = Entry(raw: 0)
        var kind: Kind { Kind(rawValue: UInt8(raw >> 24)) ?? .none }
        var value: UInt32 { raw & 0x1F_FFFF }
        /// The normalized character (every entry holds one; `none`, `separator` and `removed` hold U+0000).
        var scalar: Unicode.Scalar { Unicode.Scalar(value)! }
        init(raw: UInt32) { self.raw = raw }
        init(_ kind: Kind, _ value: UInt32 = 0) { raw = UInt32(kind.rawValue) << 24 | value }
    }

    enum Kind: UInt8 {
        /// Not in the table: the word takes the general path.
        case none
        /// Part of a word, and a letter (a word with one may be folded from leetspeak).
        case letter
        /// Part of a word, not a letter (digits, `@`, `$`, other numbers).
        case wordPart
        /// Punctuation or a symbol: a token of its own.
        case mark
        /// Ends a word and is no token (white space, controls).
        case separator
        /// Removed before tokenizing (invisible characters): joins what is either side of it.
        case removed
    }

    /// The ranges tabled, each from its first character. The CJK ideographs and the Hangul syllables are letters
    /// that normalize to themselves, without case: `entry` answers for them without a table.
    private static let tabled: [ClosedRange<UInt32>] = [0x0080...0x02FF, 0x2000...0x206F, 0x3000...0x30FF, 0xFF00...0xFFEF]
    private let tables: [[Entry]]

    static let shared = StableScalars()

    /// The tables, each character read once through the normalizer and the tokenizer's categories (about 1,250 of
    /// them, once in a process, when a text first has a character above ASCII).
    init() {
        tables = Self.tabled.map { range in range.map { Self.reading(Unicode.Scalar($0)) } }
    }

    @inline(__always) func entry(_ v: UInt32) -> Entry {
        switch v {
        case 0x0080...0x02FF: tables[0][Int(v &- 0x0080)]
        case 0x2000...0x206F: tables[1][Int(v &- 0x2000)]
        case 0x3000...0x30FF: tables[2][Int(v &- 0x3000)]
        case 0x4E00...0x9FFF, 0xAC00...0xD7A3: Entry(.letter, v)
        case 0xFF00...0xFFEF: tables[3][Int(v &- 0xFF00)]
        default: .none
        }
    }

    /// How both paths read an ASCII character: letters, digits, `@` and `$` make words (in lower case), the other
    /// printable characters are marks, the rest separates.
    @inline(__always) static func ascii(_ b: UInt8) -> Entry {
        if InjectionFeatures.isASCIIWordByte(b) { return Entry(ASCII.isLetter(b) ? .letter : .wordPart, UInt32(ASCII.lowercase(b))) }
        return b > 0x20 && b < 0x7F ? Entry(.mark, UInt32(b)) : Entry(.separator)
    }

    /// How the general path reads `scalar` alone, when that is how it reads it anywhere.
    static func reading(_ scalar: Unicode.Scalar?) -> Entry {
        guard let scalar, scalar.properties.canonicalCombiningClass == .notReordered else { return .none }
        let normalized = Array(TextNormalizer.normalize(String(scalar)).unicodeScalars)
        guard let first = normalized.first else { return Entry(.removed) }
        // A conjoining jamo (what half-width Hangul letters become) composes with the jamo beside it.
        guard normalized.count == 1, first.properties.canonicalCombiningClass == .notReordered, !TextNormalizer.Hangul.jamo.contains(first.value)
        else { return .none }
        if InjectionFeatures.isWordScalar(first) { return Entry(InjectionFeatures.isLetter(first) ? .letter : .wordPart, first.value) }
        return InjectionFeatures.isMark(first) ? Entry(.mark, first.value) : Entry(.separator)
    }
}
