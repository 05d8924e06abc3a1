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
        let folded = text.precomposedStringWithCompatibilityMapping
        guard folded.unicodeScalars.contains(where: isFolded) else { return folded.lowercased() }
        var scalars = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars where !isInvisible(scalar.value) {
            scalars.append(confusables[scalar] ?? scalar)
        }
        return String(scalars).lowercased()
    }
}
