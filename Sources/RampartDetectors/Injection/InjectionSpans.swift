/// Maps a window of model tokens back to code points of the original text, by tokenizing the original one scalar
/// at a time with the same rules. Where per-scalar normalization splits words differently from whole-text
/// normalization (combining sequences), the counts differ and the whole text is the span.
enum InjectionSpans {
    static func codePointRange(of tokens: Range<Int>, tokenCount: Int, in text: String) -> Range<Int> {
        var starts: [Int] = [], ends: [Int] = []
        var inWord = false
        // ASCII is its own normalization (as in `InjectionFeatures.asciiTokens`); other scalars are normalized once each.
        var seen: [Unicode.Scalar: (word: Bool, mark: Bool)] = [:]
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            let word: Bool, mark: Bool
            if scalar.isASCII {
                let b = UInt8(scalar.value)
                word = ASCII.isAlnum(b) || b == UInt8(ascii: "@") || b == UInt8(ascii: "$")
                mark = !word && b > 0x20 && b < 0x7F
            } else if let known = seen[scalar] {
                (word, mark) = known
            } else {
                let normalized = TextNormalizer.normalize(String(scalar)).unicodeScalars
                word = normalized.first.map(InjectionFeatures.isWordScalar) ?? false
                mark = normalized.first.map(InjectionFeatures.isMark) ?? false
                seen[scalar] = (word, mark)
            }
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
