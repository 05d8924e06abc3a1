/// Payment cards (Luhn and issuer ranges) and IBANs (length per country and mod 97).
enum FinancialDetectors {
    static let cardWords: Needles = ["card", "credit", "debit", "visa", "mastercard", "amex", "maestro", "payment", "pay with", "cc", "carte",
                                       "tarjeta", "karte", "carta"]

    /// Digit runs with single spaces or dashes between groups, as cards are written.
    /// `digits`: where the text's digits are (`ByteText.positions`).
    static func cards(_ t: ByteText, digits positions: [Int], _ out: inout [RawFinding]) {
        var next = 0
        // One buffer for every candidate, allocated at the first (see `NationalIDDetectors.token`).
        var digits: [Int] = []
        for i in positions where i >= next {
            guard i == 0 || !(ASCII.isAlnum(t[i - 1]) || t[i - 1] == UInt8(ascii: "-")) else { continue }
            digits.removeAll(keepingCapacity: true)
            digits.reserveCapacity(21)
            var j = i, last = i
            while j < t.count, digits.count <= 19 {
                if ASCII.isDigit(t[j]) {
                    digits.append(Int(t[j] - 48))
                    last = j
                } else if (t[j] == UInt8(ascii: " ") || t[j] == UInt8(ascii: "-")), j + 1 < t.count, ASCII.isDigit(t[j + 1]) {
                } else { break }
                j += 1
            }
            let end = last + 1
            defer { next = max(i + 1, end) }
            guard (12...19).contains(digits.count), end >= t.count || !ASCII.isAlnum(t[end]), luhn(digits) else { continue }
            // A Luhn-valid number is a card when an issuer uses its prefix and length, or when the text says it is one.
            let context = ASCII.contains(t, in: max(0, i - 40)..<i, anyOf: cardWords)
            guard issuer(digits) || (context && digits.count >= 12) || (digits.count >= 15 && (2...6).contains(digits[0])) else { continue }
            out.append(RawFinding(category: .pii, type: "CREDIT_CARD", range: i..<end))
        }
    }

    static func luhn(_ digits: [Int]) -> Bool {
        var sum = 0
        for (k, d) in digits.reversed().enumerated() {
            if k % 2 == 1 {
                let doubled = d * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else { sum += d }
        }
        return sum % 10 == 0
    }

    /// Whether the number falls in a card issuer's range with a length that issuer uses.
    static func issuer(_ d: [Int]) -> Bool {
        func prefix(_ n: Int) -> Int { d.prefix(n).reduce(0) { $0 * 10 + $1 } }
        let length = d.count
        switch d[0] {
        case 4: return [13, 16, 19].contains(length)                                        // Visa
        case 5: return (51...55).contains(prefix(2)) && length == 16 || (50...59).contains(prefix(2)) && (12...19).contains(length)  // Mastercard, Maestro
        case 1: return prefix(4) == 1800 && length == 15                                    // JCB, fifteen digits
        case 2: return (2221...2720).contains(prefix(4)) && length == 16 || prefix(4) == 2131 && length == 15  // Mastercard 2-series, JCB
        case 3:
            if [34, 37].contains(prefix(2)) { return length == 15 }                          // Amex
            if (3528...3589).contains(prefix(4)) { return (16...19).contains(length) }        // JCB
            if (300...305).contains(prefix(3)) || [36, 38, 39].contains(prefix(2)) { return (14...19).contains(length) }  // Diners
            return false
        case 6:
            if prefix(4) == 6011 || prefix(2) == 65 || (644...649).contains(prefix(3)) { return (16...19).contains(length) }  // Discover
            if prefix(2) == 62 { return (16...19).contains(length) }                          // UnionPay
            return (12...19).contains(length) && [63, 67].contains(prefix(2))                 // Maestro
        default: return false
        }
    }

    /// IBAN lengths by country, as python's schwifty (PyPI) lists them (checked against it in `IdentifierPeerTests`):
    /// SWIFT's IBAN registry; the territories that use their country's format under their own code (Åland as
    /// Finland, the French overseas territories as France, Guernsey, Jersey and the Isle of Man as the United
    /// Kingdom); and the countries whose banks issue IBANs outside the registry (Algeria, Angola, Cabo Verde, Comoros,
    /// Iran, Madagascar, Morocco, Mozambique, and the West and Central African monetary unions).
    static let ibanLengths: [String: Int] = [
        "AD": 24, "AE": 23, "AL": 28, "AO": 25, "AT": 20, "AX": 18, "AZ": 28, "BA": 20, "BE": 16, "BF": 28, "BG": 22,
        "BH": 22, "BI": 27, "BJ": 28, "BL": 27, "BR": 29, "BY": 28, "CF": 27, "CG": 27, "CH": 21, "CI": 28, "CM": 27,
        "CR": 22, "CV": 25, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28, "DZ": 26, "EE": 20, "EG": 29,
        "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GA": 27, "GB": 22, "GE": 22, "GF": 27, "GG": 22, "GI": 23,
        "GL": 18, "GP": 27, "GQ": 27, "GR": 27, "GT": 28, "GW": 25, "HN": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23,
        "IM": 22, "IQ": 23, "IR": 26, "IS": 26, "IT": 27, "JE": 22, "JO": 30, "KM": 27, "KW": 30, "KZ": 20, "LB": 28,
        "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MA": 28, "MC": 27, "MD": 24, "ME": 22, "MF": 27,
        "MG": 27, "MK": 19, "ML": 28, "MN": 20, "MQ": 27, "MR": 27, "MT": 31, "MU": 30, "MZ": 25, "NC": 27, "NE": 28,
        "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PF": 27, "PK": 24, "PL": 28, "PM": 27, "PS": 29, "PT": 25, "QA": 29,
        "RE": 27, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27,
        "SN": 28, "SO": 23, "ST": 25, "SV": 28, "TD": 27, "TF": 27, "TG": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29,
        "VA": 22, "VG": 24, "WF": 27, "XK": 20, "YE": 30, "YT": 27,
    ]

    /// `ibanLengths` by the country code's two capitals (`(first - 65) * 26 + second - 65`), 0 where there is none:
    /// read at every two letters before a digit, where a `String` key was made and hashed each time.
    static let ibanLengthByCode: [Int] = {
        var table = [Int](repeating: 0, count: 26 * 26)
        for (code, length) in ibanLengths {
            let b = Array(code.utf8)
            table[Int(b[0] - 65) * 26 + Int(b[1] - 65)] = length
        }
        return table
    }()

    /// IBANs: a country's length and the mod-97 check. Upper case, or all lower case right after the word "IBAN".
    /// `digits`: where the text's digits are (`ByteText.positions`); an IBAN's check digits are its third and fourth
    /// characters, so each digit is a candidate's third.
    static func ibans(_ t: ByteText, digits: [Int], _ out: inout [RawFinding]) {
        let ibanLengthByCode = Self.ibanLengthByCode
        var next = 0
        var chars: [UInt8] = []
        for third in digits where third >= 2 && third - 2 >= next {
            let i = third - 2
            guard i + 15 <= t.count else { break }
            guard ASCII.isDigit(t[i + 3]) else { continue }
            let lower = ASCII.isLower(t[i])
            guard ASCII.isUpper(t[i]) || lower, ASCII.isUpper(t[i + 1]) || lower && ASCII.isLower(t[i + 1]), i == 0 || !ASCII.isAlnum(t[i - 1]),
                  case let length = ibanLengthByCode[Int(ASCII.uppercase(t[i]) - 65) * 26 + Int(ASCII.uppercase(t[i + 1]) - 65)], length > 0,
                  !lower || ASCII.contains(t, in: max(0, i - 16)..<i, anyOf: ibanWords)
            else { continue }
            chars.removeAll(keepingCapacity: true)
            chars.reserveCapacity(length)
            var j = i, last = i
            while j < t.count, chars.count < length {
                let c = t[j]
                if ASCII.isDigit(c) || (lower ? ASCII.isLower(c) : ASCII.isUpper(c)) {
                    chars.append(ASCII.uppercase(c))
                    last = j
                } else if c == UInt8(ascii: " "), j + 1 < t.count, ASCII.isAlnum(t[j + 1]) {
                } else { break }
                j += 1
            }
            let end = last + 1
            guard chars.count == length, end >= t.count || !ASCII.isAlnum(t[end]), mod97(chars) == 1 else { continue }
            out.append(RawFinding(category: .pii, type: "IBAN_CODE", range: i..<end))
            next = end
        }
    }

    static let ibanWords: Needles = ["iban"]

    static func mod97(_ chars: [UInt8]) -> Int {
        var remainder = 0
        for c in chars[4...] + chars[..<4] {
            if ASCII.isDigit(c) { remainder = (remainder * 10 + Int(c - 48)) % 97 } else { remainder = (remainder * 100 + Int(c - 55)) % 97 }
        }
        return remainder
    }
}
