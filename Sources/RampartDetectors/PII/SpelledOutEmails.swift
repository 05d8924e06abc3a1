/// E-mail addresses written out to get past filters: "jane.doe (at) example (dot) com", "jane[at]example.com",
/// "john dot smith AT example DOT org". An "at" in brackets makes one whatever the dots are; a bare " at " only when
/// a dot is spelled out too, since "based at example.com" names a place. The domain must end in a common top-level
/// domain, after at least two labels.
enum SpelledOutEmails {
    /// The top-level domains a spelled-out address is believed to end in.
    static let topLevelDomains: WordSet = [
        "com", "org", "net", "edu", "gov", "mil", "int", "info", "biz", "io", "co", "ai", "app", "dev", "me", "eu", "us", "uk",
        "de", "fr", "es", "it", "nl", "be", "ch", "at", "se", "no", "dk", "fi", "pl", "pt", "ie", "cz", "ru", "ua", "cn", "jp",
        "kr", "in", "au", "nz", "ca", "br", "mx", "ar", "za",
    ]

    /// Words that, before an "at" or in a domain before its last label, make a sentence rather than an address
    /// ("look at the dot com bubble", "I work at acme dot com", "written as [at] and [dot] in the notes").
    static let sentenceWords: WordSet = [
        "a", "an", "the", "this", "that", "these", "those", "my", "our", "your", "his", "her", "their", "its", "me", "us", "him",
        "them", "it", "you", "we", "they", "i", "he", "she", "one", "some", "any", "all", "look", "looking", "looked", "work",
        "works", "working", "worked", "stay", "stayed", "live", "lives", "lived", "based", "meet", "met", "arrive", "arrived",
        "be", "is", "are", "was", "were", "am", "been", "being", "not", "only", "least", "most", "best", "home", "school", "night",
        "and", "or", "but", "as", "of", "to", "for", "with", "from", "by", "on", "in", "so",
    ]

    /// How an "at" or a "dot" is set between its neighbours.
    enum Style { case bracketed, spaced }

    static func find(_ t: ByteText, _ words: [Word], _ out: inout [RawFinding]) {
        // Every word is compared with "at": its spelling made once, not at each word, and its key (which each word
        // carries) first.
        let atSpelling = Spelling("at" as StaticString), atKey = atSpelling.key
        var k = 1
        while k + 1 < words.count {
            defer { k += 1 }
            guard words[k].key == atKey, words[k].spelling == atSpelling, let at = style(of: k, words, t) else { continue }
            let topLevelDomains = Self.topLevelDomains, sentenceWords = Self.sentenceWords, localChars = ContactDetectors.localChars
            // The domain's labels, joined by dots written or spelled out.
            var last = k + 1, spelled = 0
            while last + 1 < words.count {
                if t.bytes[words[last].range.upperBound..<words[last + 1].range.lowerBound].elementsEqual(CollectionOfOne(UInt8(ascii: "."))) {
                    last += 1
                } else if last + 2 < words.count, words[last + 1].is("dot"), style(of: last + 1, words, t) != nil {
                    spelled += 1
                    last += 2
                } else {
                    break
                }
            }
            // The last label is the top-level domain; words after it that no dot joins are not the address's.
            while last > k + 1, !topLevelDomains.contains(words[last]) { last -= words[last - 1].is("dot") ? 2 : 1 }
            guard last > k + 1, topLevelDomains.contains(words[last]), at == .bracketed || spelled > 0,
                  words[(k - 1)...last].allSatisfy(\.isASCII),
                  !words[(k - 1)..<last].contains(where: sentenceWords.contains)
            else { continue }
            // The local part: the word before "at" with what joins it without a space ("jane.doe"), and words joined
            // to it by spelled-out dots ("john dot smith").
            var first = k - 1
            while first >= 2, words[first - 1].is("dot"), style(of: first - 1, words, t) != nil, words[first - 2].isASCII,
                  !sentenceWords.contains(words[first - 2]) {
                first -= 2
            }
            let start = ContactDetectors.localPartStart(t, from: words[first].range.lowerBound, localChars)
            out.append(RawFinding(category: .pii, type: "EMAIL_ADDRESS", range: start..<words[last].range.upperBound))
            k = last
        }
    }

    /// How word `k` stands between its neighbours: in brackets ("(at)", "[ dot ]"), between single spaces, or
    /// otherwise (nil).
    static func style(of k: Int, _ words: [Word], _ t: ByteText) -> Style? {
        guard k > 0, k + 1 < words.count else { return nil }
        let before = t.bytes[words[k - 1].range.upperBound..<words[k].range.lowerBound]
        let after = t.bytes[words[k].range.upperBound..<words[k + 1].range.lowerBound]
        guard before.count <= 3, after.count <= 3 else { return nil }
        if before.elementsEqual(CollectionOfOne(UInt8(ascii: " "))), after.elementsEqual(CollectionOfOne(UInt8(ascii: " "))) { return .spaced }
        let open = before.filter { $0 != UInt8(ascii: " ") }, close = after.filter { $0 != UInt8(ascii: " ") }
        guard open.count == 1, close.count == 1 else { return nil }
        switch (open[0], close[0]) {
        case (UInt8(ascii: "("), UInt8(ascii: ")")), (UInt8(ascii: "["), UInt8(ascii: "]")), (UInt8(ascii: "{"), UInt8(ascii: "}")),
             (UInt8(ascii: "<"), UInt8(ascii: ">")):
            return .bracketed
        default:
            return nil
        }
    }
}
