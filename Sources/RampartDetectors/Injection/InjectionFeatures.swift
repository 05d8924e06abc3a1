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
    /// not appended byte by byte.
    static func asciiTokens(_ text: UnsafeBufferPointer<UInt8>) -> InjectionTokens {
        var bytes = [UInt8](repeating: 0, count: text.count)
        var writer = AsciiTokenWriter()
        writer.ends.reserveCapacity(text.count / 4 + 1)
        bytes.withUnsafeMutableBufferPointer { out in
            for b in text {
                if ASCII.isAlnum(b) || b == UInt8(ascii: "@") || b == UInt8(ascii: "$") {
                    writer.open(ASCII.lowercase(b), into: out)
                } else {
                    writer.close(out)
                    if b > 0x20, b < 0x7F { writer.single(b, into: out) }
                }
            }
            writer.close(out)
        }
        bytes.removeLast(bytes.count - writer.written)
        return InjectionTokens(bytes: bytes, ends: writer.ends)
    }

    /// Where `asciiTokens` is in its buffer: the bytes written, where the open token starts, and whether it has a
    /// letter and a leetspeak character (then it is folded: "1gn0r3" reads "ignore").
    struct AsciiTokenWriter {
        var written = 0, start = 0
        var hasLetter = false, hasLeet = false
        var ends: [Int] = []

        @inline(__always) mutating func open(_ lower: UInt8, into out: UnsafeMutableBufferPointer<UInt8>) {
            out[written] = lower
            written += 1
            if ASCII.isLower(lower) { hasLetter = true } else if ASCII.oneOf("013457@$", lower) { hasLeet = true }
        }

        /// Ends the open token, if any, keeping at most 32 bytes of it.
        @inline(__always) mutating func close(_ out: UnsafeMutableBufferPointer<UInt8>) {
            defer { hasLetter = false; hasLeet = false }
            guard written > start else { return }
            if hasLetter, hasLeet { for k in start..<written { out[k] = unleet(out[k]) } }
            written = min(written, start + 32)
            ends.append(written)
            start = written
        }

        /// A punctuation mark or symbol: a token of its own.
        @inline(__always) mutating func single(_ b: UInt8, into out: UnsafeMutableBufferPointer<UInt8>) {
            out[written] = b
            written += 1
            ends.append(written)
            start = written
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
        if let tokens = text.withUTF8({ bytes in bytes.allSatisfy { $0 < 0x80 } ? asciiTokens(bytes) : nil }) { return tokens }
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in TextNormalizer.normalize(text).unicodeScalars {
            if isWordScalar(scalar) {
                current.append(scalar)
            } else {
                if !current.isEmpty {
                    words.append(String(current))
                    current = String.UnicodeScalarView()
                }
                if isMark(scalar) { words.append(String(scalar)) }
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return InjectionTokens(words.map { word in
            var w = word
            if w.unicodeScalars.contains(where: isLetter), w.contains(where: { leet[$0] != nil }) {
                w = String(w.map { leet[$0] ?? $0 })
            }
            return String(String.UnicodeScalarView(w.unicodeScalars.prefix(32)))
        })
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
        var unigrams: [Int] = [], bigrams: [Int] = []
        unigrams.reserveCapacity(tokens.count)
        bigrams.reserveCapacity(max(0, tokens.count - 1))
        tokens.bytes.withUnsafeBufferPointer { bytes in
            var start = 0
            var previous: Range<Int>?
            for end in tokens.ends {
                var u = unigramSeed
                for k in start..<end { u = (u ^ UInt64(bytes[k])) &* 0x0000_0100_0000_01B3 }
                unigrams.append(bucket(u))
                if let previous {
                    var h = bigramSeed
                    for k in previous { h = (h ^ UInt64(bytes[k])) &* 0x0000_0100_0000_01B3 }
                    h = h &* 0x0000_0100_0000_01B3 // the separator, a zero byte
                    for k in start..<end { h = (h ^ UInt64(bytes[k])) &* 0x0000_0100_0000_01B3 }
                    bigrams.append(bucket(h))
                }
                previous = start..<end
                start = end
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

    /// Window start offsets over `count` tokens.
    static func windowStarts(count: Int, window: Int, stride: Int) -> [Int] {
        if count <= window { return [0] }
        return Array(Swift.stride(from: 0, to: count - window / 2, by: stride))
    }
}
