/// The prompt-injection model's features, exactly as scripts/train/injection_features.py computes them: tokens of
/// the normalized text (words of letters and numbers, leetspeak folded; punctuation and symbols as tokens of their
/// own), in windows of `window` tokens every `stride`, each window's hashed unigrams and bigrams.
enum InjectionFeatures {
    static let leet: [Character: Character] = ["0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"]

    struct Token {
        var text: String
        /// The byte range in the normalized text (for spans, mapped back approximately through word order).
        var index: Int
    }

    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber: return true
        default: return s == "@" || s == "$"
        }
    }

    static func isMark(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation,
             .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol: return true
        default: return false
        }
    }

    static func isLetter(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    /// ASCII-only text (most prompts) takes a byte path with the same result: NFKC, the invisible characters and
    /// the look-alikes do not touch ASCII, letters and digits are words, `@` and `$` join words, every other
    /// printable character is punctuation or a symbol (a token of its own), the rest separates.
    ///
    /// The tokens are written straight into one buffer as long as the text (each token byte comes from a text byte),
    /// and where they end into another (a text has at most one token per byte, and one more for its end).
    static func asciiTokens(_ text: UnsafeBufferPointer<UInt8>) -> InjectionTokens {
        var ends: [Int] = []
        let bytes = [UInt8](unsafeUninitializedCapacity: text.count) { out, written in
            ends = [Int](unsafeUninitializedCapacity: text.count + 1) { ends, count in
                (written, count) = writeASCIITokens(text, into: out, ends: ends)
            }
        }
        return InjectionTokens(bytes: bytes, ends: ends)
    }

    /// Writes the tokens of `text` into `out` and where each ends into `ends`; returns the bytes and the ends
    /// written. A word is kept to its first 32 bytes, and folded from leetspeak when it has a letter and a leetspeak
    /// character ("1gn0r3" reads "ignore").
    ///
    /// Every byte of every prompt passes here, so nothing branches at every byte. First, 64 bytes at a time, where
    /// every token starts is found from the bytes' classes as bit masks (`tokenStarts`). Then each token's end is
    /// one bit search in the word mask, and the token is copied lower-cased, sixteen bytes at a time (`LowerCopy`;
    /// byte by byte in the text's last 32 bytes). A word marked as holding both a letter and a digit, `@` or `$` (it
    /// may be leetspeak) takes a byte loop that folds it.
    static func writeASCIITokens(_ text: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>,
                                 ends: UnsafeMutableBufferPointer<Int>) -> (bytes: Int, ends: Int) {
        let blocks = (text.count + 63) >> 6
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: blocks + 1) { words in
            // `ends[k]` is first where token `k` starts in the text, then where it ends in `out` (never after its
            // start in the text: a token's bytes are the text's, less what separates tokens).
            let count = tokenStarts(text, into: ends, words: words)
            @inline(__always) func isWordByte(_ i: Int) -> Bool { words[i >> 6] & 1 << UInt64(i & 63) != 0 }
            @inline(__always) func wordEnd(from i: Int) -> Int {
                var w = i >> 6
                var bits = ~words[w] & ~(1 << UInt64(i & 63) &- 1)
                while bits == 0 {
                    w &+= 1
                    bits = ~words[w]
                }
                return w &* 64 &+ bits.trailingZeroBitCount
            }
            var written = 0
            for k in 0..<count {
                let first = ends[k] >= 0 ? ends[k] : ~ends[k]
                let end = isWordByte(first) ? wordEnd(from: first &+ 1) : first &+ 1, length = min(end &- first, 32)
                if ends[k] < 0 {
                    writeFoldingLeetspeak(UnsafeBufferPointer(rebasing: text[first..<end]), into: out.baseAddress! + written, count: length)
                } else if first &+ 32 <= text.count {
                    LowerCopy.copy(from: text.baseAddress! + first, to: out.baseAddress! + written, count: length)
                } else {
                    for i in 0..<length { out[written &+ i] = ASCII.lowercase(text[first &+ i]) }
                }
                written &+= length
                ends[k] = written
            }
            return (written, count)
        }
    }

    /// Writes the first `count` bytes of `word` lower-cased, folded from leetspeak if the word has a letter and a
    /// leetspeak character.
    private static func writeFoldingLeetspeak(_ word: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>, count: Int) {
        var hasLetter = false, hasLeet = false
        for b in word {
            let lower = ASCII.lowercase(b)
            if ASCII.isLower(lower) { hasLetter = true } else if isLeet(lower) { hasLeet = true }
        }
        for i in 0..<count {
            let lower = ASCII.lowercase(word[i])
            out[i] = hasLetter && hasLeet ? unleet(lower) : lower
        }
    }

    /// Where the tokens of `text` start, as offsets in the text written into `starts`, and its word bytes as bit
    /// masks into `words` (one more, empty, after the text's); returns how many tokens there are. 64 bytes at a time,
    /// by the bytes' classes (`ByteClasses.block`): a word is a run of letters, digits, `@` and `$`; every other
    /// graphic byte is a token of its own; the rest separates. A word with both a letter and one of the others has
    /// its start written as `~start` (negative): it may be leetspeak.
    private static func tokenStarts(_ text: UnsafeBufferPointer<UInt8>, into starts: UnsafeMutableBufferPointer<Int>,
                                    words: UnsafeMutableBufferPointer<UInt64>) -> Int {
        var count = 0
        var wordCarry: UInt64 = 0, letterCarry: UInt64 = 0, otherCarry: UInt64 = 0
        for n in 0..<((text.count + 63) >> 6) {
            let block = ByteClasses.block(text, n)
            let word = block.alnum | block.joiner, mark = block.graphic & ~word
            let letter = block.alnum & ~block.digit, other = block.digit | block.joiner
            words[n] = word
            // A word starts where a word byte follows another byte. A mark is a token of one byte.
            var tokenStarts = word & ~(word << 1 | wordCarry) | mark
            // A word holds both kinds of byte where one follows the other.
            var mixed = letter & (other << 1 | otherCarry) | other & (letter << 1 | letterCarry)
            (wordCarry, letterCarry, otherCarry) = (word >> 63, letter >> 63, other >> 63)
            let base = n &* 64, firstStart = count, blockStarts = tokenStarts
            while tokenStarts != 0 {
                starts[count] = base &+ tokenStarts.trailingZeroBitCount
                count &+= 1
                tokenStarts &= tokenStarts &- 1
            }
            // Each such word is the last token started at or before the byte (maybe in an earlier block).
            while mixed != 0 {
                let k = firstStart &+ (blockStarts & (2 &<< UInt64(mixed.trailingZeroBitCount) &- 1)).nonzeroBitCount &- 1
                if starts[k] >= 0 { starts[k] = ~starts[k] }
                mixed &= mixed &- 1
            }
        }
        words[words.count - 1] = 0
        return count
    }

    /// The characters that leetspeak puts for letters, other than letters: 0 1 3 4 5 7 @ $.
    @inline(__always) static func isLeet(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "0"), UInt8(ascii: "1"), UInt8(ascii: "3"), UInt8(ascii: "4"), UInt8(ascii: "5"), UInt8(ascii: "7"),
             UInt8(ascii: "@"), UInt8(ascii: "$"): true
        default: false
        }
    }

    @inline(__always) static func unleet(_ b: UInt8) -> UInt8 {
        switch b {
        case UInt8(ascii: "0"): UInt8(ascii: "o")
        case UInt8(ascii: "1"): UInt8(ascii: "i")
        case UInt8(ascii: "3"): UInt8(ascii: "e")
        case UInt8(ascii: "4"), UInt8(ascii: "@"): UInt8(ascii: "a")
        case UInt8(ascii: "5"), UInt8(ascii: "$"): UInt8(ascii: "s")
        case UInt8(ascii: "7"): UInt8(ascii: "t")
        default: b
        }
    }

    static func tokenize(_ text: String) -> InjectionTokens {
        var text = text
        return text.withUTF8 { bytes in bytes.allSatisfy { $0 < 0x80 } ? asciiTokens(bytes) : mixedTokens(bytes) }
    }

    /// The tokens of `text`, already read as `t`: whether it is all ASCII is known from its classes.
    static func tokenize(_ text: String, _ t: ByteText) -> InjectionTokens {
        t.bytes.withUnsafeBufferPointer { t.classes.isASCII ? asciiTokens($0) : mixedTokens($0) }
    }

    /// Text with characters above ASCII, tokenized as `unicodeTokens` would the whole of it, normalizing only the
    /// words that need it. The text is cut at ASCII bytes that are not word bytes, which end every token and which
    /// NFKC leaves as they are, unless a character above ASCII follows (it may be a combining mark that composes
    /// with them: "<" and U+0338 are "≮"). The pieces around each character above ASCII are found from it, and
    /// the ASCII between them is tokenized by the byte path (`writeASCIITokens`), as a prompt with a few curly quotes
    /// or no-break spaces is almost all ASCII. A piece whose characters are ASCII or in `StableScalars`' table is
    /// tokenized from the table; any other piece is normalized and tokenized by its scalars' categories.
    static func mixedTokens(_ bytes: UnsafeBufferPointer<UInt8>) -> InjectionTokens {
        let stable = StableScalars.shared
        var tokens = InjectionTokens(reservingBytes: bytes.count)
        @inline(__always) func isCut(_ i: Int) -> Bool {
            bytes[i] < 0x80 && !isASCIIWordByte(bytes[i]) && (i + 1 == bytes.count || bytes[i + 1] < 0x80)
        }
        // The ASCII not yet tokenized starts at `ascii` (a cut, or the text's start); no piece starts before `floor`.
        var ascii = 0, floor = 0
        var above = EightBytes.firstAboveASCII(bytes, from: 0)
        while above < bytes.count {
            var start = above, end = above + 1
            while start > floor, !isCut(start - 1) { start -= 1 }
            while end < bytes.count, !isCut(end) { end += 1 }
            tokens.appendASCII(UnsafeBufferPointer(rebasing: bytes[ascii..<start]))
            let piece = UnsafeBufferPointer(rebasing: bytes[start..<end])
            if !appendStableTokens(piece, stable, to: &tokens) {
                tokens.append(contentsOf: unicodeTokens(String(decoding: piece, as: UTF8.self)))
            }
            // The cut that ends the piece is ASCII: a punctuation token, or a separator, of the next stretch.
            (ascii, floor) = (end, end + 1)
            above = EightBytes.firstAboveASCII(bytes, from: end)
        }
        tokens.appendASCII(UnsafeBufferPointer(rebasing: bytes[ascii...]))
        return tokens
    }

    /// Appends the tokens of a piece whose characters above ASCII are all in `stable`'s table, read from it as
    /// `unicodeTokens` reads them (lower case, words of word characters, each mark a token, invisible characters
    /// removed, leetspeak folded in a word with a letter, a word's first 32 characters); false, with nothing
    /// appended, when a character is not in the table.
    static func appendStableTokens(_ piece: UnsafeBufferPointer<UInt8>, _ stable: StableScalars, to tokens: inout InjectionTokens) -> Bool {
        var i = 0
        while i < piece.count {
            guard piece[i] >= 0x80 else { i += 1; continue }
            guard let length = UTF8Scalar.wholeLength(piece, at: i), stable.entry(UTF8Scalar.value(piece, at: i, length: length)).kind != .none
            else { return false }
            i += length
        }
        var letter = false, leetspeak = false, characters = 0
        func endWord() {
            if letter, leetspeak { tokens.endToken(unleet) } else { tokens.endToken() }
            (letter, leetspeak, characters) = (false, false, 0)
        }
        i = 0
        while i < piece.count {
            let b = piece[i]
            let entry: StableScalars.Entry
            if b < 0x80 {
                entry = StableScalars.ascii(b)
                i += 1
            } else {
                let length = UTF8Scalar.length(b)
                entry = stable.entry(UTF8Scalar.value(piece, at: i, length: length))
                i += length
            }
            switch entry.kind {
            case .letter, .wordPart:
                if entry.kind == .letter { letter = true } else if entry.value < 0x80, isLeet(UInt8(entry.value)) { leetspeak = true }
                if characters < 32 {
                    tokens.write(entry.scalar)
                    characters += 1
                }
            case .mark:
                endWord()
                tokens.write(entry.scalar)
                tokens.endToken()
            case .separator, .none:
                endWord()
            case .removed:
                continue
            }
        }
        endWord()
        return true
    }

    /// The bytes an ASCII word is made of: letters, digits, `@` and `$`.
    @inline(__always) static func isASCIIWordByte(_ b: UInt8) -> Bool { ASCII.isAlnum(b) || b == UInt8(ascii: "@") || b == UInt8(ascii: "$") }

    /// The general path: the normalized text's scalars, by their Unicode categories.
    static func unicodeTokens(_ text: String) -> InjectionTokens {
        let normalized = TextNormalizer.normalize(text)
        let scalars = normalized.unicodeScalars
        var tokens = InjectionTokens(reservingBytes: normalized.utf8.count)
        // A word is a slice of the normalized text, from its first word scalar to the first scalar that is not one.
        var wordStart: String.Index?
        func endWord(at end: String.Index) {
            guard let start = wordStart else { return }
            tokens.append(token(ofWord: normalized[start..<end]).utf8)
            wordStart = nil
        }
        var i = scalars.startIndex
        while i != scalars.endIndex {
            let scalar = scalars[i]
            if isWordScalar(scalar) {
                if wordStart == nil { wordStart = i }
            } else {
                endWord(at: i)
                if isMark(scalar) { tokens.append(String(scalar).utf8) }
            }
            i = scalars.index(after: i)
        }
        endWord(at: scalars.endIndex)
        return tokens
    }

    /// A word as a token: folded from leetspeak when it has a letter and a leetspeak character (which needs one of
    /// their bytes first), its first 32 scalars.
    static func token(ofWord word: Substring) -> String {
        var w = String(word)
        if w.utf8.contains(where: isLeet), w.unicodeScalars.contains(where: isLetter), w.contains(where: { leet[$0] != nil }) {
            w = String(w.map { leet[$0] ?? $0 })
        }
        guard w.utf8.count > 32, let end = w.unicodeScalars.index(w.startIndex, offsetBy: 32, limitedBy: w.endIndex) else { return w }
        return String(w.unicodeScalars[..<end])
    }

    static let unigramPrefix: [UInt8] = [UInt8(ascii: "u"), 0]
    static let bigramPrefix: [UInt8] = [UInt8(ascii: "b"), 0]

    /// FNV-1a over a prefix and one token's bytes.
    static func fnv1a(prefix: [UInt8], _ token: some Sequence<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in prefix { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        for b in token { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// Each token's unigram bucket and each adjacent pair's bigram bucket (FNV-1a over "u\0" + token, and over
    /// "b\0" + token + "\0" + next token), hashed once per text, from the bytes in place.
    static func hashed(_ tokens: InjectionTokens, buckets: Int) -> (unigrams: [Int], bigrams: [Int]) {
        let b = UInt64(buckets)
        // The shipped model has a power of two of buckets: a mask, not a 64-bit division per token and pair.
        let mask: UInt64? = buckets.nonzeroBitCount == 1 ? b - 1 : nil
        @inline(__always) func bucket(_ h: UInt64) -> Int { Int(mask.map { h & $0 } ?? h % b) }
        let unigramSeed = fnv1a(prefix: unigramPrefix, EmptyCollection()), bigramSeed = fnv1a(prefix: bigramPrefix, EmptyCollection())
        // Each token's bytes are read once for three hashes at a time: its unigram, the bigram it ends (carried on
        // from the previous token's state), and the state of the bigram it starts ("b\0", the token, the zero byte).
        // The buckets are written in place: an append checks the array's capacity and uniqueness every time.
        let prime: UInt64 = 0x0000_0100_0000_01B3
        var bigrams: [Int] = []
        let unigrams = [Int](unsafeUninitializedCapacity: tokens.count) { unigrams, unigramCount in
            bigrams = [Int](unsafeUninitializedCapacity: max(0, tokens.count - 1)) { bigrams, bigramCount in
                tokens.bytes.withUnsafeBufferPointer { bytes in
                    var start = 0
                    var left: UInt64?
                    for end in tokens.ends {
                        var u = unigramSeed, l = bigramSeed, h = left ?? 0
                        for k in start..<end {
                            let b = UInt64(bytes[k])
                            u = (u ^ b) &* prime
                            l = (l ^ b) &* prime
                            h = (h ^ b) &* prime
                        }
                        unigrams[unigramCount] = bucket(u)
                        unigramCount &+= 1
                        if left != nil {
                            bigrams[bigramCount] = bucket(h)
                            bigramCount &+= 1
                        }
                        left = l &* prime // the separator, a zero byte
                        start = end
                    }
                }
            }
        }
        return (unigrams, bigrams)
    }

    /// The distinct buckets of the window `tokens` (its unigrams and the bigrams inside it), sorted: the features the
    /// model sums, as the Python trainer computes them.
    static func features(_ hashed: (unigrams: [Int], bigrams: [Int]), window tokens: Range<Int>, into buckets: inout [Int]) {
        buckets.removeAll(keepingCapacity: true)
        buckets.append(contentsOf: hashed.unigrams[tokens])
        if tokens.count > 1 { buckets.append(contentsOf: hashed.bigrams[tokens.lowerBound..<(tokens.upperBound - 1)]) }
        buckets.sort()
        var kept = 0
        for bucket in buckets where kept == 0 || buckets[kept - 1] != bucket {
            buckets[kept] = bucket
            kept += 1
        }
        buckets.removeSubrange(kept...)
    }

    /// Window start offsets over `count` tokens, made as they are read: window `k` starts `k` strides in.
    static func windowStarts(count: Int, window: Int, stride: Int) -> LazyMapCollection<Range<Int>, Int> {
        (0..<windowCount(count: count, window: window, stride: stride)).lazy.map { $0 * stride }
    }

    /// How many windows there are over `count` tokens: one for a text that fits in one, else one every `stride`
    /// tokens while it starts before the last half window.
    static func windowCount(count: Int, window: Int, stride: Int) -> Int {
        count <= window ? 1 : (count - window / 2 + stride - 1) / stride
    }
}
