import Foundation

/// The text as the injection model reads it: NFKC, without invisible characters (zero-width, bidi controls, tag
/// characters, variation selectors), Cyrillic and Greek look-alikes folded to Latin, lower case. The same rules as
/// scripts/train/injection_features.py; a test checks that both give the same features.
enum TextNormalizer {
    static let confusables: [Unicode.Scalar: Unicode.Scalar] = [
        "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "һ": "h", "ԁ": "d",
        "ɡ": "g", "α": "a", "ο": "o", "ρ": "p", "ν": "v", "ι": "i", "κ": "k", "τ": "t", "υ": "u", "χ": "x", "ε": "e",
    ]

    static func isInvisible(_ v: UInt32) -> Bool {
        (0x200B...0x200F).contains(v) || (0x202A...0x202E).contains(v) || (0x2060...0x206F).contains(v) || v == 0xFEFF || v == 0x00AD
            || v == 0x180E || (0xE0000...0xE007F).contains(v) || (0xFE00...0xFE0F).contains(v)
    }

    /// Whether a scalar is removed or replaced: the look-alikes are Greek, Cyrillic and "ɡ" (U+0261 to U+052F).
    static func isFolded(_ scalar: Unicode.Scalar) -> Bool {
        isInvisible(scalar.value) || (0x0261...0x052F).contains(scalar.value) && confusables[scalar] != nil
    }

    static func normalize(_ text: String) -> String {
        let folded = composingWhatFoundationLeaves(text.precomposedStringWithCompatibilityMapping)
        guard folded.unicodeScalars.contains(where: isFolded) else { return folded.lowercased() }
        var scalars = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars where !isInvisible(scalar.value) {
            scalars.append(confusables[scalar] ?? scalar)
        }
        return String(scalars).lowercased()
    }

    /// NFKC as Python's `unicodedata` computes it (the trainer's), from Foundation's. On Linux, Foundation's NFKC leaves
    /// two kinds of pair uncomposed:
    /// - a combining mark that a compatibility mapping made: half-width "ｶﾞ" comes out as "カ" and U+3099, where NFKC
    ///   gives "ガ" (Foundation's NFC of that output composes it);
    /// - a Hangul LV syllable and a trailing jamo ("가" and U+11A8 are "각"), which Foundation's NFC leaves too: they are
    ///   composed by the Unicode Standard's arithmetic (section 3.12).
    ///
    /// A text with neither a combining mark nor a trailing jamo is returned as it is, without a look at each pair.
    static func composingWhatFoundationLeaves(_ nfkc: String) -> String {
        let marks = nfkc.unicodeScalars.contains { $0.value >= 0x300 && $0.properties.canonicalCombiningClass != .notReordered }
        let trailingJamo = nfkc.unicodeScalars.contains { Hangul.trailing.contains($0.value) }
        guard marks || trailingJamo else { return nfkc }
        let composed = marks ? nfkc.precomposedStringWithCanonicalMapping : nfkc
        guard trailingJamo else { return composed }
        var scalars = String.UnicodeScalarView()
        for scalar in composed.unicodeScalars {
            if Hangul.trailing.contains(scalar.value), let last = scalars.last, Hangul.isLV(last.value),
               let syllable = Unicode.Scalar(last.value + scalar.value - Hangul.trailingBase) {
                scalars.removeLast()
                scalars.append(syllable)
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// The Hangul syllables' arithmetic (the Unicode Standard, section 3.12).
    enum Hangul {
        static let syllables: ClosedRange<UInt32> = 0xAC00...0xD7A3
        /// The trailing consonants that compose with an LV syllable: T base plus 1 to 27.
        static let trailingBase: UInt32 = 0x11A7
        static let trailing: ClosedRange<UInt32> = 0x11A8...0x11C2

        /// A syllable of a leading consonant and a vowel, without a trailing consonant (28 trailings a vowel).
        static func isLV(_ v: UInt32) -> Bool { syllables.contains(v) && (v - syllables.lowerBound) % 28 == 0 }
    }
}
