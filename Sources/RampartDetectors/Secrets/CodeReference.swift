/// Code that names a value rather than being one: a type, a member path or a selector made of words
/// (`ASN1OctetString`, `String?`, `P256.Signing.ECDSASignature`, `self.config.password`, `.ecdsaWithSHA256`,
/// `bytesDecoder:arraySeparator`, `ConfigSnapshotReader/requiredStringArray`). A credential's name before it does not
/// make it one.
///
/// Words are told from random characters by their segments (split at underscores, digits and case changes): in a
/// name most letters sit in segments that read as words (a capital and two or more small letters with a vowel and
/// only letter pairs common in English, or an acronym of two to five capitals); in a random token few do.
enum CodeReference {
    /// Whether `value` is such a name: a path of identifiers mostly wordy, or one wordy identifier that
    /// code would write (an enum case, an optional, words joined in camel or snake case, or a type's name). A lone
    /// word with digits (`pass123`, `Summer2024`) is a password as often as a variable, and is not taken for one.
    static func matches(_ value: ArraySlice<UInt8>) -> Bool {
        var body = value
        // An enum case (`.ecdsaWithSHA256`), a call's or a list's closing, an optional (`String?`).
        while let first = body.first, first == UInt8(ascii: ".") { body = body.dropFirst() }
        let enumCase = body.count < value.count
        while let last = body.last, ASCII.oneOf("),;]", last) { body = body.dropLast() }
        // `?` marks an optional; `!` ends passwords too often (`VMware1!`) to be read as code.
        var optional = false
        while let last = body.last, last == UInt8(ascii: "?") { body = body.dropLast(); optional = true }
        guard !body.isEmpty else { return false }
        let parts = body.split(omittingEmptySubsequences: false) { ASCII.oneOf(".:/", $0) }
        // Every part an identifier, the last and most of the others words: `P256.Signing.ECDSASignature`, not the two
        // random halves of an AWS secret around its `/`.
        guard parts.allSatisfy(isIdentifier), let last = parts.last, isWordy(last), parts.count(where: isWordy) * 2 > parts.count else { return false }
        if parts.count > 1 || enumCase || optional { return true }
        if typeNames.contains(String(decoding: last.map(ASCII.lowercase), as: UTF8.self)) { return true }
        // Words joined as code joins them: a capital after a small letter, or an underscore. Random small letters and
        // digits (`jq7ir78djlanjifwr7g4`) have neither, however word-like their pieces.
        let joined = last.contains(UInt8(ascii: "_")) || zip(last, last.dropFirst()).contains { ASCII.isLower($0) && ASCII.isUpper($1) }
        return joined && segments(last).count { isWord($0) || isAcronym($0) } >= 2
    }

    /// Types a credential is declared with (`password: String`, `secret: SecretStr`).
    static let typeNames: Set<String> = ["string", "str", "data", "bytes", "secretstr", "securestring", "secret", "text", "optional", "any"]

    static func isIdentifier(_ part: ArraySlice<UInt8>) -> Bool {
        guard let first = part.first, ASCII.isLetter(first) || first == UInt8(ascii: "_") else { return false }
        return part.allSatisfy { ASCII.isAlnum($0) || $0 == UInt8(ascii: "_") }
    }

    /// Whether at least three quarters of the identifier's letters are in segments that read as words or acronyms.
    static func isWordy(_ part: ArraySlice<UInt8>) -> Bool {
        var letters = 0, wordLetters = 0, acronymLetters = 0
        for segment in segments(part) {
            letters += segment.count
            if isWord(segment) { wordLetters += segment.count } else if isAcronym(segment) { acronymLetters += segment.count }
        }
        // Acronyms count up to as many letters as the words: random capitals make acronyms of their own.
        return wordLetters > 0 && (wordLetters + min(acronymLetters, wordLetters)) * 4 >= letters * 3
    }

    /// A capital or none, then two or more small letters, with a vowel and only letter pairs common in English
    /// (`Octet`, `raw`, `String`; not `xbzsovaw`, `Mmuj`).
    static func isWord(_ segment: ArraySlice<UInt8>) -> Bool {
        let uppers = segment.prefix(while: ASCII.isUpper).count
        guard uppers <= 1, segment.count - uppers >= 2, segment.contains(where: isVowel) else { return false }
        let table = EnglishBigrams.table
        var previous = ASCII.lowercase(segment[segment.startIndex])
        for b in segment.dropFirst() {
            guard EnglishBigrams.isCommon(previous, b, in: table) else { return false }
            previous = b
        }
        return true
    }

    /// Two to five capitals (`ASN`, `ECDSA`).
    static func isAcronym(_ segment: ArraySlice<UInt8>) -> Bool {
        (2...5).contains(segment.count) && segment.allSatisfy(ASCII.isUpper)
    }

    /// Runs of letters split where a word starts: after an underscore or a digit, at a capital after a small letter,
    /// and before the last capital of a run that a small letter follows (`ECDSASignature` is `ECDSA`, `Signature`).
    static func segments(_ part: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var out: [ArraySlice<UInt8>] = []
        var start: Int?
        var i = part.startIndex
        while i < part.endIndex {
            let b = part[i]
            guard ASCII.isLetter(b) else {
                if let s = start { out.append(part[s..<i]) }
                start = nil
                i += 1
                continue
            }
            if let s = start, ASCII.isUpper(b), i > s {
                let previous = part[i - 1]
                let nextIsLower = i + 1 < part.endIndex && ASCII.isLower(part[i + 1])
                if ASCII.isLower(previous) || (ASCII.isUpper(previous) && nextIsLower) {
                    out.append(part[s..<i])
                    start = i
                }
            }
            if start == nil { start = i }
            i += 1
        }
        if let s = start { out.append(part[s..<part.endIndex]) }
        return out
    }

    @inline(__always) static func isVowel(_ b: UInt8) -> Bool { ASCII.oneOf("aeiouyAEIOUY", b) }
}
