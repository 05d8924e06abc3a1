/// Maps a window of model tokens back to code points of the original text, by tokenizing the original one scalar
/// at a time with the same rules. Where per-scalar normalization splits words differently from whole-text
/// normalization (combining sequences), the counts differ and the whole text is the span.
enum InjectionSpans {
    static func codePointRange(of tokens: Range<Int>, tokenCount: Int, in text: String) -> Range<Int> {
        // ASCII is its own normalization (as in `InjectionFeatures.asciiTokens`); other scalars are normalized once each.
        var seen: [Unicode.Scalar: (word: Bool, mark: Bool)] = [:]
        return codePointRange(of: tokens, tokenCount: tokenCount, in: text) { scalar in
            if scalar.isASCII {
                let b = UInt8(scalar.value)
                let word = InjectionFeatures.isASCIIWordByte(b)
                return (word, !word && b > 0x20 && b < 0x7F)
            }
            if let known = seen[scalar] { return known }
            let classes = normalizedClasses(scalar)
            seen[scalar] = classes
            return classes
        }
    }

    /// What a scalar is to the tokenizer, by definition: the first scalar of its normalization is a word scalar or a
    /// mark (or neither: a separator).
    static func normalizedClasses(_ scalar: Unicode.Scalar) -> (word: Bool, mark: Bool) {
        let normalized = TextNormalizer.normalize(String(scalar)).unicodeScalars
        return (normalized.first.map(InjectionFeatures.isWordScalar) ?? false, normalized.first.map(InjectionFeatures.isMark) ?? false)
    }

    static func codePointRange(of tokens: Range<Int>, tokenCount: Int, in text: String,
                               classify: (Unicode.Scalar) -> (word: Bool, mark: Bool)) -> Range<Int> {
        var starts: [Int] = [], ends: [Int] = []
        var inWord = false
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            let (word, mark) = classify(scalar)
            if word {
                if !inWord { starts.append(offset); ends.append(offset + 1); inWord = true } else { ends[ends.count - 1] = offset + 1 }
            } else {
                inWord = false
                if mark { starts.append(offset); ends.append(offset + 1) }
            }
        }
        let total = text.unicodeScalars.count
        guard starts.count == tokenCount, tokens.lowerBound < starts.count, tokens.upperBound >= 1 else { return 0..<total }
        return starts[tokens.lowerBound]..<ends[min(tokens.upperBound, ends.count) - 1]
    }
}
