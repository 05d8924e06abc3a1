/// What follows a street address on its line: its town and postal code ("12 High Street, Harpenden AL5 4BT", "350
/// Fifth Avenue, New York, NY 10118", "Calle Mayor 10, 28013 Madrid"). Left behind by a redaction, they narrow the
/// street to a few houses. A town is taken only with a postal code beside it: capitalised words after a comma may be
/// anything else.
extension PeopleAndPlaces {
    static let compassPoints: WordSet = ["n", "s", "e", "w", "ne", "nw", "se", "sw"]
    static let usStates: WordSet = [
        "al", "ak", "az", "ar", "ca", "co", "ct", "de", "dc", "fl", "ga", "hi", "id", "il", "in", "ia", "ks", "ky", "la", "me", "md", "ma", "mi", "mn",
        "ms", "mo", "mt", "ne", "nv", "nh", "nj", "nm", "ny", "nc", "nd", "oh", "ok", "or", "pa", "ri", "sc", "sd", "tn", "tx", "ut", "vt", "va",
        "wa", "wv", "wi", "wy", "pr",
    ]

    /// The last word of the address that ends at word `last`, with its tail: `last` when no tail follows.
    func addressTail(_ t: ByteText, _ words: [Word], after last: Int) -> Int {
        var last = last
        // "1600 Pennsylvania Avenue NW".
        if last + 1 < words.count, isUpperCase(t, words[last + 1]), Self.compassPoints.contains(words[last + 1].spelling),
           isSpace(gap(t, words, last + 1)) {
            last += 1
        }
        let next = last + 1
        guard next < words.count else { return last }
        // The address ended on a postal code ("Hauptstraße 5, 10115", "Kerkstraat 12, 1012 AB"): its town follows.
        if endsOnPostcode(t, words, last), isSpace(gap(t, words, next)), let town = town(t, words, from: next) { return town }
        guard isComma(gap(t, words, next)) else { return last }
        // "221B Baker Street, NW1 6XE".
        if AgesAndPostcodes.ukPostcode(t, words, from: next) != nil { return next + 1 }
        guard let town = town(t, words, from: next), town + 1 < words.count else { return last }
        let after = town + 1, between = gap(t, words, after)
        // "Harpenden AL5 4BT", "Leeds, LS6 2AB".
        if isSpace(between) || isComma(between), AgesAndPostcodes.ukPostcode(t, words, from: after) != nil { return after + 1 }
        guard isComma(between) else { return last }
        // "New York, NY 10118", "Smithville, NJ 25775-1804".
        if isUpperCase(t, words[after]), Self.usStates.contains(words[after].spelling), after + 1 < words.count, isSpace(gap(t, words, after + 1)),
           isZIP(t, words[after + 1]) {
            return after + 1
        }
        // "Tarragona, 14842".
        if words[after].isNumber, words[after].range.count == 5 { return after }
        return last
    }

    /// The town's last word: one to three capitalised words of letters from word `k`, one space apart, up to a UK
    /// postcode or a country.
    func town(_ t: ByteText, _ words: [Word], from k: Int) -> Int? {
        var m = k
        while m < words.count, m - k < 3, words[m].capitalized, !t.bytes[words[m].range].contains(where: ASCII.isDigit), !isCountry(t, words[m]) {
            if m > k, !isSpace(gap(t, words, m)) || AgesAndPostcodes.ukPostcode(t, words, from: m) != nil { break }
            m += 1
        }
        return m > k ? m - 1 : nil
    }

    /// Whether the address ended on a postal code after a comma: four or five digits, or a Dutch code's letters.
    func endsOnPostcode(_ t: ByteText, _ words: [Word], _ last: Int) -> Bool {
        let code = words[last].isNumber ? last : last - 1
        guard code > 0, words[code].isNumber, (4...5).contains(words[code].range.count) else { return false }
        let dutchLetters = code == last - 1 && words[last].range.count == 2 && isUpperCase(t, words[last])
        return (code == last || dutchLetters) && isComma(gap(t, words, code))
    }

    /// A US ZIP code: five digits, or ZIP+4 ("25775-1804", one word).
    func isZIP(_ t: ByteText, _ word: Word) -> Bool {
        let bytes = t.bytes[word.range]
        guard bytes.count == 5 || bytes.count == 10 else { return false }
        return bytes.enumerated().allSatisfy { n, b in n == 5 ? b == UInt8(ascii: "-") : ASCII.isDigit(b) }
    }

    /// The bytes between word `k` and the one before it.
    func gap(_ t: ByteText, _ words: [Word], _ k: Int) -> ArraySlice<UInt8> {
        t.bytes[words[k - 1].range.upperBound..<words[k].range.lowerBound]
    }

    /// A comma and at most two spaces: the separator of an address's parts on one line.
    func isComma(_ gap: ArraySlice<UInt8>) -> Bool {
        gap.first == UInt8(ascii: ",") && gap.count <= 3 && gap.dropFirst().allSatisfy { $0 == UInt8(ascii: " ") }
    }

    func isSpace(_ gap: ArraySlice<UInt8>) -> Bool { gap.count == 1 && gap.first == UInt8(ascii: " ") }

    func isUpperCase(_ t: ByteText, _ word: Word) -> Bool { t.bytes[word.range].allSatisfy(ASCII.isUpper) }
}
