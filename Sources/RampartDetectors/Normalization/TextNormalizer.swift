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
        guard folded.unicodeScalars.contains(where: isFolded) else { return lowercased(folded) }
        var scalars = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars where !isInvisible(scalar.value) {
            scalars.append(confusables[scalar] ?? scalar)
        }
        return lowercased(String(scalars))
    }

    /// NFKC as Python's `unicodedata` computes it (the trainer's), from Foundation's. On Linux, Foundation's NFKC leaves
    /// two kinds of pair uncomposed:
    /// - a combining mark that a compatibility mapping made: half-width "ｶﾞ" comes out as "カ" and U+3099, where NFKC
    ///   gives "ガ" (Foundation's NFC of that output composes it);
    /// - Hangul jamo that a compatibility mapping made or that stood apart: "ㅊ" and "ㅏ" are U+110E and U+1161, where
    ///   NFKC gives "차", and a syllable before a trailing consonant ("가" and U+11A8 are "각"). These are composed
    ///   by the Unicode Standard's arithmetic (section 3.12).
    ///
    /// A text with neither a combining mark nor a Hangul vowel or trailing jamo is returned as it is.
    static func composingWhatFoundationLeaves(_ nfkc: String) -> String {
        let marks = nfkc.unicodeScalars.contains { $0.value >= 0x300 && $0.properties.canonicalCombiningClass != .notReordered }
        let jamo = nfkc.unicodeScalars.contains { Hangul.vowels.contains($0.value) || Hangul.trailing.contains($0.value) }
        guard marks || jamo else { return nfkc }
        let composed = marks ? nfkc.precomposedStringWithCanonicalMapping : nfkc
        guard jamo else { return composed }
        var scalars = String.UnicodeScalarView()
        for scalar in composed.unicodeScalars {
            if let last = scalars.last, let syllable = Hangul.composed(last.value, scalar.value) {
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
        /// The conjoining jamo, of which syllables are composed.
        static let jamo: ClosedRange<UInt32> = 0x1100...0x11FF
        static let leading: ClosedRange<UInt32> = 0x1100...0x1112
        static let vowels: ClosedRange<UInt32> = 0x1161...0x1175
        /// The trailing consonants: T base plus 1 to 27.
        static let trailing: ClosedRange<UInt32> = 0x11A8...0x11C2
        static let syllables: ClosedRange<UInt32> = 0xAC00...0xD7A3

        /// The syllable that `first` and `second` compose: a leading consonant and a vowel, or a syllable without a
        /// trailing consonant and one; nil for any other pair.
        static func composed(_ first: UInt32, _ second: UInt32) -> Unicode.Scalar? {
            if leading.contains(first), vowels.contains(second) {
                return Unicode.Scalar(syllables.lowerBound + ((first - leading.lowerBound) * 21 + (second - vowels.lowerBound)) * 28)
            }
            if syllables.contains(first), (first - syllables.lowerBound) % 28 == 0, trailing.contains(second) {
                return Unicode.Scalar(first + second - (trailing.lowerBound - 1))
            }
            return nil
        }
    }

    /// `text.lowercased()` as Python's `str.lower` makes it (the trainer's): a capital sigma in Unicode's Final_Sigma
    /// context, after a cased letter and not before one (case-ignorable characters between skipped either way), is
    /// "ς", which Swift's `lowercased` makes "σ" ("ΟΔΟΣ" is "οδος").
    static func lowercased(_ text: String) -> String {
        guard text.unicodeScalars.contains("Σ") else { return text.lowercased() }
        let scalars = Array(text.unicodeScalars)
        func cased(after start: Int, by step: Int) -> Bool {
            var k = start + step
            while scalars.indices.contains(k), scalars[k].properties.isCaseIgnorable { k += step }
            return scalars.indices.contains(k) && scalars[k].properties.isCased
        }
        var view = String.UnicodeScalarView()
        for (k, scalar) in scalars.enumerated() {
            view.append(scalar == "Σ" && cased(after: k, by: -1) && !cased(after: k, by: 1) ? "ς" : scalar)
        }
        return String(view).lowercased()
    }
}
