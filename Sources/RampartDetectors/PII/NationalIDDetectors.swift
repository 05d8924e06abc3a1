/// National identifiers with their validation rules: US SSN, UK NINO, French NIR, Spanish NIF/NIE, Italian codice
/// fiscale, Dutch BSN. Each is validated, and the weakly structured ones need a context word nearby.
enum NationalIDDetectors {
    /// Collects a token of letters, digits and the given separators starting at `i` (not inside a longer word)
    /// into `chars` (its letters and digits, separators left out, at most `max + 1` of them); returns where it ends.
    ///
    /// A separator goes on to a letter or a digit (to a digit only, when `digitsOnly`), but once the token has its
    /// `max` characters only to a digit: "NI number AB123456C thanks" ends before "thanks", the next word, where a
    /// digit would make the number longer than an identifier.
    static func token(_ t: ByteText, at i: Int, separators: ByteSet, max: Int, digitsOnly: Bool = false, into chars: inout IdentifierChars) -> Int? {
        guard i == 0 || !ASCII.isAlnum(t[i - 1]) else { return nil }
        chars.removeAll()
        var j = i, last = i - 1
        while j < t.count, chars.count <= max {
            let c = t[j]
            if ASCII.isAlnum(c) {
                guard chars.append(c) else { return nil }
                last = j
            } else if separators.contains(c), j + 1 < t.count, digitsOnly || chars.count == max ? ASCII.isDigit(t[j + 1]) : ASCII.isAlnum(t[j + 1]) {
            } else { break }
            j += 1
        }
        guard last >= i, last + 1 >= t.count || !ASCII.isAlnum(t[last + 1]) else { return nil }
        return last + 1
    }

    static let hyphenOrSpace = ByteSet([UInt8(ascii: "-"), UInt8(ascii: " ")]), space = ByteSet([UInt8(ascii: " ")])
    static let spaceOrPeriod = ByteSet([UInt8(ascii: " "), UInt8(ascii: ".")]), hyphen = ByteSet([UInt8(ascii: "-")]), none = ByteSet([])

    static let ssnWords: Needles = ["ssn", "social security", "social sec"]

    /// `digits`: where the text's digits are (`ByteText.positions`).
    static func usSSN(_ t: ByteText, digits positions: [Int], _ out: inout [RawFinding]) {
        let separators = Self.hyphenOrSpace
        var next = 0, chars = IdentifierChars()
        for i in positions where i >= next {
            guard let end = token(t, at: i, separators: separators, max: 9, digitsOnly: true, into: &chars),
                  chars.count == 9, chars.allSatisfy(ASCII.isDigit)
            else { continue }
            let separated = end - i == 11 && t[i + 3] == t[i + 6] && (t[i + 3] == UInt8(ascii: "-") || t[i + 3] == UInt8(ascii: " "))
            let d = chars.digit
            let area = d(0) * 100 + d(1) * 10 + d(2), group = d(3) * 10 + d(4), serial = d(5) * 1000 + d(6) * 100 + d(7) * 10 + d(8)
            let valid = area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
            // The words before are read only for nine digits written together, which need them.
            if valid, separated || (end - i == 9 && ASCII.contains(t, in: max(0, i - 40)..<i, anyOf: ssnWords)) {
                out.append(RawFinding(category: .pii, type: "US_SSN", range: i..<end))
            }
            next = end
        }
    }

    static let ninoBadFirst = ByteSet(Array("DFIQUV".utf8)), ninoBadSecond = ByteSet(Array("DFIOQUV".utf8))
    static let ninoBadPrefixes: Set<String> = ["BG", "GB", "NK", "KN", "TN", "NT", "ZZ"]

    /// Whether a NINO can start at `i`: two capitals then a digit, each after at most one space (what `token`
    /// would read), checked before `token` copies the characters: most capitals start words.
    @inline(__always)
    static func ninoCanStart(_ t: ByteText, at i: Int) -> Bool {
        guard i + 2 < t.count, ASCII.isUpper(t[i]) else { return false }
        let second = t[i + 1] == UInt8(ascii: " ") ? i + 2 : i + 1
        guard second + 1 < t.count, ASCII.isUpper(t[second]) else { return false }
        let third = t[second + 1] == UInt8(ascii: " ") ? second + 2 : second + 1
        return third < t.count && ASCII.isDigit(t[third])
    }

    /// `uppers`: where the text's capitals are (`ByteText.positions`).
    static func ukNINO(_ t: ByteText, uppers: [Int], _ out: inout [RawFinding]) {
        let badFirst = ninoBadFirst, badSecond = ninoBadSecond, badPrefixes = ninoBadPrefixes
        let separators = Self.space
        var next = 0, chars = IdentifierChars()
        for i in uppers where i >= next {
            guard i + 9 <= t.count else { break }
            guard ninoCanStart(t, at: i), let end = token(t, at: i, separators: separators, max: 9, into: &chars), chars.count == 9
            else { continue }
            defer { next = end }
            guard ASCII.isUpper(chars[0]), ASCII.isUpper(chars[1]), chars[2..<8].allSatisfy(ASCII.isDigit), ASCII.oneOf("ABCD", chars[8]),
                  !badFirst.contains(chars[0]), !badSecond.contains(chars[1]),
                  !badPrefixes.contains(String(decoding: chars[0..<2], as: UTF8.self))
            else { continue }
            out.append(RawFinding(category: .pii, type: "UK_NINO", range: i..<end))
        }
    }

    /// The French social security number: sex, year, month, department (2A/2B for Corsica), commune, order, key.
    /// `digits`: where the text's digits are (`ByteText.positions`).
    static func frenchNIR(_ t: ByteText, digits positions: [Int], _ out: inout [RawFinding]) {
        let separators = Self.spaceOrPeriod
        var next = 0, chars = IdentifierChars()
        for i in positions where i >= next {
            guard i + 15 <= t.count else { break }
            guard t[i] == UInt8(ascii: "1") || t[i] == UInt8(ascii: "2"),
                  let end = token(t, at: i, separators: separators, max: 15, into: &chars), chars.count == 15
            else { continue }
            defer { next = end }
            var digits = chars
            var corsica = 0
            if chars[5] == UInt8(ascii: "2"), chars[6] == UInt8(ascii: "A") || chars[6] == UInt8(ascii: "B") {
                corsica = chars[6] == UInt8(ascii: "A") ? 1_000_000 : 2_000_000
                digits[6] = UInt8(ascii: "0")
            }
            guard digits.allSatisfy(ASCII.isDigit) else { continue }
            let month = Int(digits[3] - 48) * 10 + Int(digits[4] - 48)
            guard (1...12).contains(month) || (20...42).contains(month) || (50...99).contains(month) else { continue }
            var number = 0
            for d in digits[0..<13] { number = number * 10 + Int(d - 48) }
            number -= corsica
            let key = Int(digits[13] - 48) * 10 + Int(digits[14] - 48)
            guard 97 - number % 97 == key else { continue }
            out.append(RawFinding(category: .pii, type: "FR_NIR", range: i..<end))
        }
    }

    static let nifLetters = Array("TRWAGMYFPDXBNJZSQVHLCKE".utf8)

    /// A NIF starts with a digit, a NIE with X, Y or Z (`ByteText.positions` has both).
    static func spanishNIF(_ t: ByteText, _ positions: ByteText.Positions, _ out: inout [RawFinding]) {
        let separators = Self.hyphen
        var next = 0, chars = IdentifierChars()
        // Each digit and each "X", "Y" or "Z" in order: the two sorted lists merged as they are read.
        let digits = positions.digits, uppers = positions.uppers
        var d = 0, u = 0
        while true {
            while u < uppers.count, !ASCII.oneOf("XYZ", t[uppers[u]]) { u += 1 }
            let i: Int
            if d < digits.count, u == uppers.count || digits[d] < uppers[u] {
                i = digits[d]
                d += 1
            } else if u < uppers.count {
                i = uppers[u]
                u += 1
            } else {
                break
            }
            guard i >= next else { continue }
            guard i + 9 <= t.count else { break }
            guard let end = token(t, at: i, separators: separators, max: 9, into: &chars), chars.count == 9, ASCII.isUpper(chars[8])
            else { continue }
            defer { next = end }
            var digits = chars[0..<8].map { $0 }
            var type = "ES_NIF"
            if let prefix = "XYZ".utf8.firstIndex(of: digits[0]) {
                digits[0] = UInt8(ascii: "0") + UInt8("XYZ".utf8.distance(from: "XYZ".utf8.startIndex, to: prefix))
                type = "ES_NIE"
            }
            guard digits.allSatisfy(ASCII.isDigit) else { continue }
            let number = digits.reduce(0) { $0 * 10 + Int($1 - 48) }
            guard nifLetters[number % 23] == chars[8] else { continue }
            out.append(RawFinding(category: .pii, type: type == "ES_NIE" ? "ES_NIF" : type, range: i..<end))
        }
    }

    static let cfOdd: [Int] = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]

    /// `uppers`: where the text's capitals are (`ByteText.positions`).
    static func italianFiscalCode(_ t: ByteText, uppers: [Int], _ out: inout [RawFinding]) {
        let separators = Self.none
        var next = 0, chars = IdentifierChars()
        for i in uppers where i >= next {
            guard i + 16 <= t.count else { break }
            guard let end = token(t, at: i, separators: separators, max: 16, into: &chars), chars.count == 16 else { continue }
            defer { next = end }
            // LLLLLL DD L DD L DDD L, where digits may be replaced by letters (omocodia) in the numeric positions.
            let letters = [0, 1, 2, 3, 4, 5, 8, 11, 15]
            guard letters.allSatisfy({ ASCII.isUpper(chars[$0]) }), chars.allSatisfy(ASCII.isAlnum),
                  [6, 7, 9, 10, 12, 13, 14].allSatisfy({ ASCII.isDigit(chars[$0]) || ASCII.oneOf("LMNPQRSTUV", chars[$0]) }),
                  ASCII.oneOf("ABCDEHLMPRST", chars[8])
            else { continue }
            var sum = 0
            for k in 0..<15 {
                let c = chars[k]
                let value = ASCII.isDigit(c) ? Int(c - 48) : Int(c - 65)
                sum += k % 2 == 0 ? cfOdd[value] : value
            }
            guard Int(chars[15] - 65) == sum % 26, birthDateIsADate(chars) else { continue }
            out.append(RawFinding(category: .pii, type: "IT_FISCAL_CODE", range: i..<end))
        }
    }

    static let cfMonths = Array("ABCDEHLMPRST".utf8), cfOmocodia = Array("LMNPQRSTUV".utf8)

    /// Whether a fiscal code's birth date is a date: the year's last two digits (6, 7), the month's letter (8), the
    /// day (9, 10; plus 40 for women), each digit possibly a letter of LMNPQRSTUV (omocodia). The century is the one
    /// python-stdnum takes (1920 to 2019), which decides only whether 29 February is a date.
    static func birthDateIsADate(_ chars: IdentifierChars) -> Bool {
        func digit(_ c: UInt8) -> Int { ASCII.isDigit(c) ? Int(c - 48) : cfOmocodia.firstIndex(of: c) ?? 0 }
        guard let month = cfMonths.firstIndex(of: chars[8]) else { return false }
        let year = digit(chars[6]) * 10 + digit(chars[7]), day = (digit(chars[9]) * 10 + digit(chars[10])) % 40
        let fullYear = year < 20 ? 2000 + year : 1900 + year
        let leap = fullYear % 4 == 0 && (fullYear % 100 != 0 || fullYear % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month]
        return (1...days).contains(day)
    }

    static let bsnWords: Needles = ["bsn", "burgerservicenummer", "citizen service", "sofinummer", "sofi-nummer"]

    /// The Dutch BSN: 9 digits passing the 11-test, after a context word (random 9-digit numbers pass 1 in 11).
    /// `digits`: where the text's digits are (`ByteText.positions`).
    static func dutchBSN(_ t: ByteText, digits positions: [Int], _ out: inout [RawFinding]) {
        let separators = Self.spaceOrPeriod
        var next = 0, chars = IdentifierChars()
        for i in positions where i >= next {
            guard i + 9 <= t.count else { break }
            guard let end = token(t, at: i, separators: separators, max: 9, digitsOnly: true, into: &chars),
                  chars.count == 9, chars.allSatisfy(ASCII.isDigit)
            else { continue }
            defer { next = end }
            let d = chars.digit
            let sum = (0..<8).reduce(0) { $0 + d($1) * (9 - $1) } - d(8)
            guard sum % 11 == 0, sum != 0, ASCII.contains(t, in: max(0, i - 48)..<i, anyOf: bsnWords) else { continue }
            out.append(RawFinding(category: .pii, type: "NL_BSN", range: i..<end))
        }
    }
}
