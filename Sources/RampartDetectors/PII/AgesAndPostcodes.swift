/// Ages said as ages ("34 years old", "a 52-year-old", "aged 47", "age: 61") and postal codes given as postal codes
/// ("ZIP 94105", "postcode SW1A 1AA", "PLZ 10115"): numbers that are personal only by the words around them, so
/// only those words make them findings.
enum AgesAndPostcodes {
    static let ageBefore: WordSet = ["aged", "age", "ages", "âge", "alter", "edad", "età", "leeftijd"]
    static let ageWordPhrases = [["years", "old"], ["year", "old"], ["yrs", "old"], ["yo"], ["y/o"], ["ans"], ["jahre", "alt"], ["años"], ["anni"],
                                 ["jaar", "oud"]]
    static let agesAfter = Phrases(ageWordPhrases)
    static let ageWordsAfter = WordSet(ageWordPhrases.compactMap(\.first))
    static let ageEndings = ["-year-old", "-years-old", "-yr-old"].map { Array($0.utf8) }

    /// An age between 1 and 120, by the words that make a number an age.
    static func ages(_ t: ByteText, _ words: [Word], _ out: inout [RawFinding]) {
        for k in words.indices where words[k].startsWithNumber {
            let w = words[k]
            // "52-year-old", "52-years-old": one word.
            let bytes = t.bytes[w.range]
            if w.isASCII, let hyphen = bytes.firstIndex(of: UInt8(ascii: "-")), isAge(bytes[..<hyphen]),
               ageEndings.contains(where: { $0.count == w.range.upperBound - hyphen && ASCII.hasPrefix(t, at: hyphen, $0) }) {
                out.append(RawFinding(category: .pii, type: "AGE", range: w.range, score: 0.8))
                continue
            }
            guard w.isNumber, isAge(bytes) else { continue }
            if k > 0, words[k - 1].has(.ageBefore), t.bytes[words[k - 1].range.upperBound..<w.range.lowerBound].count <= 4 {
                out.append(RawFinding(category: .pii, type: "AGE", range: words[k - 1].range.lowerBound..<w.range.upperBound, score: 0.8))
                continue
            }
            // "at the age of 61".
            if k > 1, words[k - 1].is("of"), words[k - 2].has(.ageBefore) {
                out.append(RawFinding(category: .pii, type: "AGE", range: words[k - 2].range.lowerBound..<w.range.upperBound, score: 0.8))
                continue
            }
            // "I just turned 47", "I'll turn 52.": the number ends the clause (not "turned 90 degrees").
            if k > 0, words[k - 1].has(.turnWord), endsClause(t, words, k) {
                out.append(RawFinding(category: .pii, type: "AGE", range: words[k - 1].range.lowerBound..<w.range.upperBound, score: 0.7))
                continue
            }
            guard k + 1 < words.count, words[k + 1].has(.ageWordAfter) else { continue }
            if let count = agesAfter.start(at: k + 1, in: words) {
                out.append(RawFinding(category: .pii, type: "AGE", range: w.range.lowerBound..<words[k + count].range.upperBound, score: 0.8))
            }
        }
    }

    static let turnWords: WordSet = ["turn", "turns", "turned", "turning"]
    static let clauseEndWords: WordSet = ["today", "tomorrow", "yesterday", "soon", "this", "next", "last", "and"]

    /// Whether word `k` ends its clause: the end of the text, a punctuation mark or a word of time after it.
    static func endsClause(_ t: ByteText, _ words: [Word], _ k: Int) -> Bool {
        let after = words[k].range.upperBound
        guard after < t.count else { return true }
        if ASCII.oneOf(".!?,;\n", t[after]) { return true }
        return k + 1 < words.count && words[k + 1].has(.clauseEndWord)
    }

    /// One to three ASCII digits (what `Int` reads; other scripts' digits are not) worth 1 to 120.
    static func isAge(_ digits: ArraySlice<UInt8>) -> Bool {
        guard (1...3).contains(digits.count), digits.allSatisfy(ASCII.isDigit) else { return false }
        return (1...120).contains(digits.reduce(0) { $0 * 10 + Int($1 - 48) })
    }

    /// Labels and the lengths of the codes they introduce: a US ZIP is five digits (or ZIP+4), a German PLZ five,
    /// others four to six. Bare verbs and abbreviations that also mean something else ("zip 2024 files", "cap
    /// 4096 tokens") do not count: "zip" wants five digits, and "cap"/"cp" are not labels here.
    static let postcodeLengths: [(label: String, lengths: ClosedRange<Int>)] = [
        ("zip", 5...5), ("zipcode", 5...5), ("plz", 5...5), ("postleitzahl", 5...5), ("postcode", 4...6), ("postal", 4...6), ("postnummer", 4...6),
    ]
    static let postcodeLabels = Dictionary(uniqueKeysWithValues: postcodeLengths.map { (Spelling($0.label), $0.lengths) })
    static let postcodeLabelWords = WordSet(postcodeLengths.map(\.label))

    /// A postal code right after its label. After a bare label, the label's digits (a ZIP+4 too) or a UK postcode;
    /// after a label that plainly introduces a value ("ZIP:", "zip code", "postcode is"), also the other countries'
    /// shapes: 3 to 6 digits, "394 13", "7412 SL", "75534-030", "1000-001", "K1A 0B1".
    static func postcodes(_ t: ByteText, _ words: [Word], _ out: inout [RawFinding]) {
        for k in words.indices where words[k].has(.postcodeLabel) {
            let w = words[k]
            guard let lengths = postcodeLabels[w.spelling] else { continue }
            var next = k + 1
            var introduced = false
            // "postal code", "zip code", "zip code is".
            if next < words.count, words[next].is("code") { next += 1; introduced = true }
            if next < words.count, words[next].is("is") { next += 1; introduced = true }
            guard next < words.count else { continue }
            let gap = t.bytes[words[next - 1].range.upperBound..<words[next].range.lowerBound]
            guard gap.count <= 3 else { continue }
            if gap.contains(UInt8(ascii: ":")) { introduced = true }
            let code = words[next]
            // The digits, or a ZIP+4 (one word: the splitter keeps "94105-1804" whole).
            let text = t.string(code.range)
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            let digits = parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
            if digits, (parts.count == 1 && lengths.contains(text.count)) || (parts.count == 2 && lengths.contains(5) && parts[0].count == 5 && parts[1].count == 4) {
                out.append(RawFinding(category: .pii, type: "POSTAL_CODE", range: code.range, score: 0.75))
            } else if let uk = ukPostcode(t, words, from: next) {
                out.append(RawFinding(category: .pii, type: "POSTAL_CODE", range: code.range.lowerBound..<uk, score: 0.75))
            } else if introduced, let end = introducedPostcode(t, words, from: next) {
                out.append(RawFinding(category: .pii, type: "POSTAL_CODE", range: code.range.lowerBound..<end, score: 0.7))
            }
        }
    }

    /// The other countries' postal codes after a label that introduces one; the code's end.
    static func introducedPostcode(_ t: ByteText, _ words: [Word], from k: Int) -> Int? {
        let code = Array(t.bytes[words[k].range])
        let isDigits = { (bytes: ArraySlice<UInt8>) in !bytes.isEmpty && bytes.allSatisfy(ASCII.isDigit) }
        // "75534-030" (Brazil), "1000-001" (Portugal).
        if let hyphen = code.firstIndex(of: UInt8(ascii: "-")) {
            let head = code[..<hyphen], tail = code[(hyphen + 1)...]
            return isDigits(head) && isDigits(tail) && (4...5).contains(head.count) && tail.count == 3 ? words[k].range.upperBound : nil
        }
        guard isDigits(code[...]) || canadianHalf(code, letterFirst: true) else { return nil }
        // A second group on the same line: "394 13" (Sweden), "7412 SL" (Netherlands), "K1A 0B1" (Canada).
        if k + 1 < words.count, t.bytes[words[k].range.upperBound..<words[k + 1].range.lowerBound].elementsEqual([UInt8(ascii: " ")]) {
            let second = Array(t.bytes[words[k + 1].range])
            let swedish = code.count == 3 && second.count == 2 && second.allSatisfy(ASCII.isDigit)
            let dutch = code.count == 4 && isDigits(code[...]) && second.count == 2 && second.allSatisfy(ASCII.isUpper)
            let canadian = canadianHalf(code, letterFirst: true) && canadianHalf(second, letterFirst: false)
            if swedish || dutch || canadian { return words[k + 1].range.upperBound }
        }
        return isDigits(code[...]) && (3...6).contains(code.count) ? words[k].range.upperBound : nil
    }

    /// Half a Canadian postal code: letter, digit, letter ("K1A") or digit, letter, digit ("0B1").
    static func canadianHalf(_ bytes: [UInt8], letterFirst: Bool) -> Bool {
        guard bytes.count == 3 else { return false }
        return bytes.enumerated().allSatisfy { i, b in (i % 2 == 0) == letterFirst ? ASCII.isUpper(b) : ASCII.isDigit(b) }
    }

    /// A UK postcode (outward code, a space, inward code: "SW1A 1AA", "M1 1AE") starting at word `k`; its end.
    static func ukPostcode(_ t: ByteText, _ words: [Word], from k: Int) -> Int? {
        guard k + 1 < words.count else { return nil }
        let outward = Array(t.bytes[words[k].range]), inward = Array(t.bytes[words[k + 1].range])
        guard (2...4).contains(outward.count), ASCII.isUpper(outward[0]), outward.contains(where: ASCII.isDigit),
              outward.allSatisfy({ ASCII.isUpper($0) || ASCII.isDigit($0) }),
              inward.count == 3, ASCII.isDigit(inward[0]), ASCII.isUpper(inward[1]), ASCII.isUpper(inward[2])
        else { return nil }
        return words[k + 1].range.upperBound
    }
}
