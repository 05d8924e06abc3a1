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
    static let leetBytes: [Bool] = (0..<256).map { "013457@$".utf8.contains(UInt8($0)) }

    static func asciiTokens(_ bytes: [UInt8]) -> [String] {
        var words: [String] = []
        words.reserveCapacity(bytes.count / 4)
        var current: [UInt8] = []
        var hasLetter = false, hasLeet = false
        func flush() {
            guard !current.isEmpty else { return }
            if hasLetter, hasLeet {
                for k in current.indices {
                    switch current[k] {
                    case UInt8(ascii: "0"): current[k] = UInt8(ascii: "o")
                    case UInt8(ascii: "1"): current[k] = UInt8(ascii: "i")
                    case UInt8(ascii: "3"): current[k] = UInt8(ascii: "e")
                    case UInt8(ascii: "4"), UInt8(ascii: "@"): current[k] = UInt8(ascii: "a")
                    case UInt8(ascii: "5"), UInt8(ascii: "$"): current[k] = UInt8(ascii: "s")
                    case UInt8(ascii: "7"): current[k] = UInt8(ascii: "t")
                    default: break
                    }
                }
            }
            words.append(String(decoding: current.prefix(32), as: UTF8.self))
            current.removeAll(keepingCapacity: true)
            hasLetter = false
            hasLeet = false
        }
        for b in bytes {
            if ASCII.isAlnum(b) || b == UInt8(ascii: "@") || b == UInt8(ascii: "$") {
                let lower = ASCII.lowercase(b)
                current.append(lower)
                if ASCII.isLetter(lower) { hasLetter = true }
                if leetBytes[Int(lower)] { hasLeet = true }
            } else {
                flush()
                if b > 0x20, b < 0x7F { words.append(String(UnicodeScalar(b))) }
            }
        }
        flush()
        return words
    }

    static func tokens(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        if bytes.allSatisfy({ $0 < 0x80 }) { return asciiTokens(bytes) }
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
        return words.map { word in
            var w = word
            if w.unicodeScalars.contains(where: isLetter), w.contains(where: { leet[$0] != nil }) {
                w = String(w.map { leet[$0] ?? $0 })
            }
            return String(String.UnicodeScalarView(w.unicodeScalars.prefix(32)))
        }
    }

    static let unigramPrefix: [UInt8] = [UInt8(ascii: "u"), 0]
    static let bigramPrefix: [UInt8] = [UInt8(ascii: "b"), 0]

    /// FNV-1a over a prefix and one token's bytes.
    @inline(__always) static func fnv1a(prefix: [UInt8], _ token: String.UTF8View) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in prefix { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        for b in token { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// FNV-1a over a prefix, a token, a separator byte and a second token.
    @inline(__always) static func fnv1a(prefix: [UInt8], _ first: String.UTF8View, separator: UInt8, _ second: String.UTF8View) -> UInt64 {
        var h = fnv1a(prefix: prefix, first)
        h = (h ^ UInt64(separator)) &* 0x0000_0100_0000_01B3
        for b in second { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// Each token's unigram bucket and each adjacent pair's bigram bucket, hashed once per text.
    static func hashed(_ tokens: [String], buckets: Int) -> (unigrams: [Int], bigrams: [Int]) {
        let b = UInt64(buckets)
        let unigrams = tokens.map { Int(fnv1a(prefix: unigramPrefix, $0.utf8) % b) }
        var bigrams: [Int] = []
        bigrams.reserveCapacity(max(0, tokens.count - 1))
        for k in 0..<max(0, tokens.count - 1) {
            bigrams.append(Int(fnv1a(prefix: bigramPrefix, tokens[k].utf8, separator: 0, tokens[k + 1].utf8) % b))
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
