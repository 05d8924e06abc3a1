/// A credential recognised by a literal prefix and a body of a known alphabet and length, e.g. `ghp_` and 36
/// alphanumerics. Most providers' tokens are like this, which is why they can be found without context.
struct TokenRule: Sendable {
    enum Alphabet: Sendable {
        case alphanumeric, base62Dash, lowerHex, upperAlnum, base64, base64URL, base64URLDot, urlPath, lowerAlnum, digits
        /// Printable ASCII but quotes, backquote and backslash (Django's generated keys use every symbol).
        case printable

        func contains(_ b: UInt8) -> Bool {
            switch self {
            case .alphanumeric: ASCII.isAlnum(b)
            case .base62Dash: ASCII.isAlnum(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
            case .lowerHex: ASCII.isDigit(b) || (97...102).contains(b)
            case .upperAlnum: ASCII.isDigit(b) || ASCII.isUpper(b)
            case .base64: ASCII.isAlnum(b) || b == UInt8(ascii: "+") || b == UInt8(ascii: "/") || b == UInt8(ascii: "=")
            case .base64URL: ASCII.isAlnum(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: "=")
            case .base64URLDot: ASCII.isAlnum(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: ".")
            case .urlPath: ASCII.isAlnum(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: "/")
            case .lowerAlnum: ASCII.isDigit(b) || ASCII.isLower(b)
            case .digits: ASCII.isDigit(b)
            case .printable: (0x21...0x7E).contains(b) && !ASCII.oneOf("\"'`\\", b)
            }
        }
    }

    /// What a match must also satisfy, beyond prefix, alphabet and length.
    enum Check: Sendable {
        case none
        /// GitHub's CRC32 checksum in the last 6 characters; a match without it is reported with a lower score.
        case githubChecksum
        /// Rampart's own API-key checksum; no match without it.
        case rampartChecksum
        /// Random-looking (not a number or a filler that starts with 00), or named by "okta" or "SSWS" just before.
        case okta
        /// The body is a UUID (Pixie's keys).
        case uuid
    }

    var type: String
    var prefix: [UInt8]
    var alphabet: Alphabet
    var length: ClosedRange<Int>
    /// Prefixes are matched case-sensitively unless this is set.
    var caseInsensitivePrefix = false
    var check = Check.none

    init(_ type: String, _ prefix: String, _ alphabet: Alphabet, _ length: ClosedRange<Int>, caseInsensitive: Bool = false,
         check: Check = .none) {
        self.type = type
        self.prefix = Array(prefix.utf8)
        self.alphabet = alphabet
        self.length = length
        self.caseInsensitivePrefix = caseInsensitive
        self.check = check
    }

    /// The end of a match starting at `i`, if there is one.
    func match(_ t: ByteText, at i: Int) -> Int? {
        guard i + prefix.count + length.lowerBound <= t.count else { return nil }
        for (k, p) in prefix.enumerated() {
            let b = t[i + k]
            if caseInsensitivePrefix ? ASCII.lowercase(b) != ASCII.lowercase(p) : b != p { return nil }
        }
        var j = i + prefix.count
        while j < t.count, j - i - prefix.count < length.upperBound, alphabet.contains(t[j]) { j += 1 }
        let body = j - i - prefix.count
        guard length.contains(body) else { return nil }
        // The token must end here: a longer run of the alphabet is something else.
        if j < t.count, alphabet.contains(t[j]) || ASCII.isAlnum(t[j]) { return nil }
        return j
    }
}
