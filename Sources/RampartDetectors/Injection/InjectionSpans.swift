/// Maps a window of model tokens back to code points of the original text, by tokenizing the original one scalar
/// at a time with the same rules. Where per-scalar normalization splits words differently from whole-text
/// normalization (combining sequences), the counts differ and the whole text is the span.
enum InjectionSpans {
    /// The code points of the window `tokens` in the text `t` holds. ASCII is its own normalization (as in
    /// `InjectionFeatures.asciiTokens`): its tokens are read from its bytes, and only up to the window's last (a large
    /// text's chunk has tens of thousands of tokens); other scalars are normalized once each.
    static func codePointRange(of tokens: Range<Int>, tokenCount: Int, in t: ByteText) -> Range<Int> {
        var seen: [Unicode.Scalar: (word: Bool, mark: Bool)] = [:]
        return codePointRange(of: tokens, tokenCount: tokenCount, in: t) { scalar in
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

    /// The window's span, its text's scalars read from the UTF-8 bytes: ASCII by its bytes' classes, any other scalar
    /// by `classify`. Tokens are counted, not kept: only where the window's first starts and its last ends. An ASCII
    /// text, whose count cannot differ, is read only to the window's end.
    static func codePointRange(of tokens: Range<Int>, tokenCount: Int, in t: ByteText,
                               classifyAboveASCII classify: (Unicode.Scalar) -> (word: Bool, mark: Bool)) -> Range<Int> {
        t.bytes.withUnsafeBufferPointer { bytes in
            var count = 0, offset = 0, i = 0, inWord = false
            var start = 0, end = 0
            let stopsAtWindow = t.classes.isASCII, last = min(tokens.upperBound, tokenCount)
            while i < bytes.count {
                let word: Bool, mark: Bool, length: Int
                if bytes[i] < 0x80 {
                    word = InjectionFeatures.isASCIIWordByte(bytes[i])
                    mark = !word && bytes[i] > 0x20 && bytes[i] < 0x7F
                    length = 1
                } else {
                    length = min(UTF8Scalar.length(bytes[i]), bytes.count - i)
                    let scalar = Unicode.Scalar(UTF8Scalar.value(bytes, at: i, length: length)) ?? "\u{FFFD}"
                    (word, mark) = classify(scalar)
                }
                // A token starts at a word scalar after none, and at each mark that is no word scalar (`@`, `$`);
                // it ends with its last scalar.
                if word ? !inWord : mark {
                    if count == tokens.upperBound, stopsAtWindow { return start..<end }
                    if count == tokens.lowerBound { start = offset }
                    count += 1
                }
                if (word || mark) && count == last { end = offset + 1 }
                inWord = word
                offset += 1
                i += length
            }
            guard count == tokenCount, tokens.lowerBound < count, tokens.upperBound >= 1 else { return 0..<offset }
            return start..<end
        }
    }
}
