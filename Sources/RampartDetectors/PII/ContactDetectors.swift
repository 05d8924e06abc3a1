/// E-mail addresses, phone numbers, IP and MAC addresses.
enum ContactDetectors {
    static let localChars: [Bool] = (0..<256).map { ASCII.isAlnum(UInt8($0)) || ASCII.oneOf("._%+-'", UInt8($0)) }
    static let domainChars: [Bool] = (0..<256).map { ASCII.isAlnum(UInt8($0)) || ASCII.oneOf("-.", UInt8($0)) }

    static func emails(_ t: ByteText, _ out: inout [RawFinding]) {
        // Read once, not at every byte (each read of a lazily made static is a call).
        let localChars = Self.localChars, domainChars = Self.domainChars
        var i = 0
        while i < t.count {
            i = t.next(UInt8(ascii: "@"), from: i)
            guard i < t.count else { break }
            defer { i += 1 }
            let start = localPartStart(t, from: i, localChars)
            let end = domainEnd(t, from: i + 1, domainChars)
            guard start < i, end > i + 1 else { continue }
            let domain = t.bytes[(i + 1)..<end]
            guard let dot = domain.lastIndex(of: UInt8(ascii: ".")), dot > i + 1, isTopLevelDomain(t.bytes[(dot + 1)..<end]) else { continue }
            out.append(RawFinding(category: .pii, type: "EMAIL_ADDRESS", range: start..<end))
            i = end
        }
    }

    /// Where an address's local part starts that ends at `i` (an "@", or a written-out "at"'s word): back over the
    /// characters a local part holds (`AddressCharacters` above ASCII), then on past the dots and apostrophes it
    /// cannot start with ("'jane@example.com'"), up to `i`.
    @inline(__always) static func localPartStart(_ t: ByteText, from i: Int, _ localChars: [Bool]) -> Int {
        var start = i, ascii = false
        while start > 0 {
            let b = t[start - 1]
            if b < 0x80 {
                guard localChars[Int(b)] else { break }
                ascii = ascii || ASCII.isAlnum(b)
                start -= 1
            } else {
                guard let character = AddressCharacters.before(t, start, touchesASCII: ascii) else { break }
                start = character
            }
        }
        while start < i, t[start] == UInt8(ascii: ".") || t[start] == UInt8(ascii: "'") { start += 1 }
        return start
    }

    /// Where an address's domain ends that starts at `i`: on over the characters a domain holds (`AddressCharacters`
    /// above ASCII), then back past the dots and hyphens it cannot end with.
    static func domainEnd(_ t: ByteText, from i: Int, _ domainChars: [Bool]) -> Int {
        var end = i, ascii = false
        while end < t.count {
            let b = t[end]
            if b < 0x80 {
                guard domainChars[Int(b)] else { break }
                ascii = ascii || ASCII.isAlnum(b)
                end += 1
            } else {
                guard let length = AddressCharacters.after(t, end, touchesASCII: ascii) else { break }
                end += length
            }
        }
        while end > i, t[end - 1] == UInt8(ascii: ".") || t[end - 1] == UInt8(ascii: "-") { end -= 1 }
        return end
    }

    /// A top-level domain: two ASCII letters or more, a punycode label ("xn--p1ai"), or letters of another script
    /// ("рф", "广告").
    static func isTopLevelDomain(_ tld: ArraySlice<UInt8>) -> Bool {
        if tld.allSatisfy({ $0 >= 0x80 }) { return tld.count >= 2 }
        if tld.starts(with: "xn--".utf8) { return tld.count > 4 && tld.allSatisfy { ASCII.isAlnum($0) || $0 == UInt8(ascii: "-") } }
        return tld.count >= 2 && tld.allSatisfy(ASCII.isLetter)
    }

    static let phoneWords: Needles = ["phone", "call", "tel", "mobile", "cell", "fax", "whatsapp", "number", "contact", "reach",
                                        "téléphone", "telefon", "teléfono", "telefono", "numéro", "nummer", "número", "numero", "portable", "handy",
                                        "answering", "dial", "sms", "text me", "ring me", "电话", "手机", "電話", "携帯", "전화", "тел", "Тел"]

    static let referenceWords: Needles = ["order", "invoice", "ticket", "tracking", "ref", "#", "no.", "id", "sku", "case", "reference",
                                            "account", "transaction", "serial", "part"]

    /// Numbers with 7 to 15 digits written as phone numbers: an international `+CC` prefix, a national format with
    /// separators (three groups, or a trunk prefix: "030-9809192", "(0779)-327109"), or digits right after a word
    /// like "phone" or "call"; with an extension when one follows ("x5563", "ext. 12").
    static func phones(_ t: ByteText, _ out: inout [RawFinding]) {
        // A number starts at a digit (found in the digit mask), a "+" or a "(" (rare: the C library finds them).
        var i = 0, plus = -1, bracket = -1
        while true {
            if plus < i { plus = t.next(UInt8(ascii: "+"), from: i) }
            if bracket < i { bracket = t.next(UInt8(ascii: "("), from: i) }
            i = min(t.classes.firstSet(.digit, from: i), plus, bracket)
            guard i < t.count else { break }
            let b = t[i]
            if i > 0, ASCII.isAlnum(t[i - 1]) || t[i - 1] == UInt8(ascii: "-") || t[i - 1] == UInt8(ascii: ".") || t[i - 1] == UInt8(ascii: "/") {
                // Not a number's start; after a digit, neither is any digit of its run.
                i = ASCII.isDigit(b) ? t.classes.firstClear(.digit, from: i + 1) : i + 1
                continue
            }
            var j = i, digits = 0, separators = 0, groups = 0, inGroup = false, lastDigit = i
            var dots = 0
            // The lengths of the first three digit groups.
            var lengths = (0, 0, 0)
            while j < t.count {
                let c = t[j]
                if ASCII.isDigit(c) {
                    digits += 1
                    lastDigit = j
                    if !inGroup { groups += 1; inGroup = true }
                    switch groups {
                    case 1: lengths.0 += 1
                    case 2: lengths.1 += 1
                    case 3: lengths.2 += 1
                    default: break
                    }
                } else if c == UInt8(ascii: " ") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || c == UInt8(ascii: "(") || c == UInt8(ascii: ")") {
                    if c == UInt8(ascii: ".") { dots += 1 }
                    if j + 1 < t.count, !(ASCII.isDigit(t[j + 1]) || t[j + 1] == UInt8(ascii: "(")
                        || (c == UInt8(ascii: ")") && (t[j + 1] == UInt8(ascii: " ") || t[j + 1] == UInt8(ascii: "-")))) { break }
                    separators += 1
                    inGroup = false
                } else if c == UInt8(ascii: "+") && j == i {
                } else { break }
                j += 1
            }
            let end = extensionEnd(t, after: lastDigit + 1) ?? lastDigit + 1
            defer { i = max(i + 1, end) }
            guard (7...15).contains(digits), end < t.count ? !ASCII.isAlnum(t[end]) : true else { continue }
            let international = b == UInt8(ascii: "+")
            // Read only when asked: a number written internationally is one whatever precedes it.
            lazy var context = ASCII.contains(t, in: max(0, i - 40)..<i, anyOf: phoneWords)
            lazy var rightAfterContext = context && ASCII.contains(t, in: max(0, i - 16)..<i, anyOf: phoneWords)
            // Order, invoice, ticket and tracking numbers are written like phone numbers.
            if ASCII.contains(t, in: max(0, i - 16)..<i, anyOf: referenceWords) { continue }
            // Four dotted groups are an address, a version or a mask; a long separator-free run is an identifier.
            if dots >= 3, groups == 4 { continue }
            // ddd-dd-dddd is the shape of a US SSN, not of a phone number; dddd-dd-dd and dd-dd-dddd are dates.
            let ssnShaped = digits == 9 && groups == 3 && lengths == (3, 2, 4)
            let dateShaped = digits == 8 && groups == 3 && (lengths == (4, 2, 2) || lengths == (2, 2, 4))
            let formatted = separators >= 2 && groups >= 3 && digits >= 9 && !ssnShaped
            // After a context word, a plain run counts only with a trunk prefix (0...) or separators; a local
            // number of seven digits only as two groups ("450 0840").
            let plausible = t[i] == UInt8(ascii: "0") || separators >= 1
            let local = digits == 7 && groups == 2 && lengths.0 == 3
            // A trunk prefix (0, or (0 in brackets) and a separator: a national number without context.
            let trunk = t[i] == UInt8(ascii: "0") || (t[i] == UInt8(ascii: "(") && i + 1 < t.count && t[i + 1] == UInt8(ascii: "0"))
            let national = trunk && separators >= 1 && groups >= 2 && (9...12).contains(digits) && !dateShaped && !ssnShaped
            // Ten or eleven digits in one run, right after "phone" or "call".
            let plainRun = separators == 0 && (10...11).contains(digits) && rightAfterContext
            guard international || formatted || national || plainRun || (context && plausible && !ssnShaped && !dateShaped && (digits >= 8 || local))
            else { continue }
            if isISBN(t, i..<end) { continue }
            // A bracket that opens before the number and closes after it is not part of it: "(030-9809192)".
            let start = t[i] == UInt8(ascii: "(") && !t.bytes[i..<end].contains(UInt8(ascii: ")")) ? i + 1 : i
            out.append(RawFinding(category: .pii, type: "PHONE_NUMBER", range: start..<end, score: international || context ? 0.9 : 0.7))
        }
    }

    /// The end of an extension right after a number ("x55636", " ext. 12", "x9"): one to six digits.
    static func extensionEnd(_ t: ByteText, after end: Int) -> Int? {
        var k = end
        if k < t.count, t[k] == UInt8(ascii: " ") { k += 1 }
        if k + 3 <= t.count, ASCII.lowercase(t[k]) == UInt8(ascii: "e"), ASCII.lowercase(t[k + 1]) == UInt8(ascii: "x"), ASCII.lowercase(t[k + 2]) == UInt8(ascii: "t") {
            k += 3
            if k < t.count, t[k] == UInt8(ascii: ".") { k += 1 }
            if k < t.count, t[k] == UInt8(ascii: " ") { k += 1 }
        } else if k < t.count, ASCII.lowercase(t[k]) == UInt8(ascii: "x") {
            k += 1
        } else {
            return nil
        }
        var digits = 0
        while k < t.count, ASCII.isDigit(t[k]), digits < 7 { k += 1; digits += 1 }
        guard (1...6).contains(digits), k == t.count || !ASCII.isAlnum(t[k]) else { return nil }
        return k
    }

    /// An ISBN: said to be one, or 13 digits starting 978/979 (with a valid check digit, or written in the
    /// hyphenated groups ISBNs use).
    static func isISBN(_ t: ByteText, _ range: Range<Int>) -> Bool {
        if ASCII.contains(t, in: max(0, range.lowerBound - 12)..<range.lowerBound, anyOf: isbnWords) { return true }
        // The digits' count, their first three as a number, the weighted sum (1, 3, 1, ...) and the hyphens.
        var digits = 0, prefix = 0, sum = 0, hyphens = 0
        for b in t.bytes[range] {
            if ASCII.isDigit(b) {
                let d = Int(b - 48)
                if digits < 3 { prefix = prefix * 10 + d }
                sum += digits % 2 == 0 ? d : 3 * d
                digits += 1
            } else if b == UInt8(ascii: "-") {
                hyphens += 1
            }
        }
        guard digits == 13, prefix == 978 || prefix == 979 else { return false }
        return sum % 10 == 0 || hyphens == 4
    }

    static let isbnWords: Needles = ["isbn"]

    static let versionWords: Needles = ["version", "release", "build", "v."]

    /// `digits`: where the text's digits are (`ByteText.positions`).
    static func ipv4(_ t: ByteText, digits positions: [Int], _ out: inout [RawFinding]) {
        var next = 0
        for i in positions where i >= next {
            guard i == 0 || !(ASCII.isAlnum(t[i - 1]) || t[i - 1] == UInt8(ascii: ".")) else { continue }
            // The address as one number, an octet at a time: `bits` holds the octets read, `octets` how many.
            var j = i, value = 0, digits = 0, octets = 0, bits: UInt32 = 0, fits = true
            @inline(__always) func endOctet() {
                fits = fits && value <= 255
                bits = bits << 8 | UInt32(truncatingIfNeeded: value)
                octets += 1
            }
            while j < t.count {
                let c = t[j]
                if ASCII.isDigit(c) {
                    value = value * 10 + Int(c - 48)
                    digits += 1
                    if digits > 3 { break }
                } else if c == UInt8(ascii: "."), digits > 0, octets < 3, j + 1 < t.count, ASCII.isDigit(t[j + 1]) {
                    endOctet()
                    value = 0
                    digits = 0
                } else { break }
                j += 1
            }
            if digits > 0 { endOctet() }
            defer { next = max(i + 1, j) }
            guard octets == 4, digits <= 3, fits, j >= t.count || !(ASCII.isAlnum(t[j]) || t[j] == UInt8(ascii: ".") && j + 1 < t.count && ASCII.isDigit(t[j + 1])) else { continue }
            // A netmask (contiguous ones) is not an address.
            let inverted = ~bits
            if bits >> 24 == 255, inverted & (inverted &+ 1) == 0 { continue }
            // "version 1.2.3.4", "v1.2.3.4": a version, not an address.
            if ASCII.contains(t, in: max(0, i - 9)..<i, anyOf: versionWords) { continue }
            if identifiesNoOne(ipv4: bits) { continue }
            out.append(RawFinding(category: .pii, type: "IP_ADDRESS", range: i..<j))
        }
    }

    static func ipv6(_ t: ByteText, _ out: inout [RawFinding]) {
        // An address's first colon has its second at most five bytes on, and starts the address or follows at most
        // four hex digits: only the four bytes before such a colon, and the colon, can start one. A start tried ends
        // where its reading stopped (`floor`); the bytes it read start nothing (each follows a hex digit or a colon).
        var floor = 0
        var colon = t.next(UInt8(ascii: ":"), from: 0)
        while colon < t.count {
            let second = t.next(UInt8(ascii: ":"), from: colon + 1)
            if second - colon <= 5 {
                var i = max(floor, colon - 4)
                while i <= colon { i = ipv6(t, at: i, &out) }
                floor = max(floor, i)
            }
            colon = second < floor ? t.next(UInt8(ascii: ":"), from: floor) : second
        }
    }

    /// Reads an IPv6 address from `i` when one starts there; where reading goes on.
    static func ipv6(_ t: ByteText, at i: Int, _ out: inout [RawFinding]) -> Int {
        guard ASCII.isHex(t[i]) || t[i] == UInt8(ascii: ":"), i == 0 || !(ASCII.isAlnum(t[i - 1]) || t[i - 1] == UInt8(ascii: ":")) else { return i + 1 }
        var j = i, colons = 0, double = false, groupLength = 0, valid = true, groups = 0
        while j < t.count {
            let c = t[j]
            if ASCII.isHex(c) {
                groupLength += 1
                if groupLength > 4 { valid = false; break }
            } else if c == UInt8(ascii: ":") {
                if groupLength > 0 { groups += 1 }
                if j > i, t[j - 1] == UInt8(ascii: ":") {
                    if double { valid = false; break }
                    double = true
                }
                colons += 1
                groupLength = 0
            } else { break }
            j += 1
        }
        if groupLength > 0 { groups += 1 }
        let next = max(i + 1, j)
        guard valid, colons >= 2, colons <= 7, j >= t.count || !ASCII.isAlnum(t[j]) else { return next }
        guard (double && groups >= 2) || (!double && groups == 8) else { return next }
        // Times like 12:30:45 have colons too; an address has a letter digit or a group of 3+ hex digits.
        let span = t.bytes[i..<j]
        guard span.contains(where: { ASCII.isLetter($0) }) || groups >= 5 else { return next }
        var end = j
        while end > i, t[end - 1] == UInt8(ascii: ":"), !(end - 2 >= i && t[end - 2] == UInt8(ascii: ":")) { end -= 1 }
        if !identifiesNoOne(ipv6: t.bytes[i..<end]) { out.append(RawFinding(category: .pii, type: "IP_ADDRESS", range: i..<end)) }
        return next
    }

    /// Addresses that point at no one's machine: this host (127.0.0.0/8), "any" (0.0.0.0/8), multicast, reserved and
    /// broadcast (224.0.0.0 and up), and the documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24).
    /// Private ranges stay personal data: inside a company they name an employee's machine.
    static func identifiesNoOne(ipv4 bits: UInt32) -> Bool {
        let first = bits >> 24, prefix24 = bits >> 8
        return first == 127 || first == 0 || first >= 224 || prefix24 == 0xC00002 || prefix24 == 0xC63364 || prefix24 == 0xCB0071
    }

    /// The IPv6 documentation range (2001:db8::/32); loopback and "any" (`::1`, `::`) are too short to be found at all.
    static func identifiesNoOne(ipv6 span: ArraySlice<UInt8>) -> Bool {
        span.prefix(9).map(ASCII.lowercase).starts(with: "2001:db8:".utf8)
    }

    static func macs(_ t: ByteText, _ out: inout [RawFinding]) {
        guard t.count >= 17 else { return }
        var i = 0
        // A MAC's third byte is its separator, a colon or a dash.
        var colon = ByteCursor(UInt8(ascii: ":")), dash = ByteCursor(UInt8(ascii: "-"))
        while i + 17 <= t.count {
            i = min(colon.next(in: t, from: i + 2), dash.next(in: t, from: i + 2)) - 2
            guard i + 17 <= t.count else { break }
            let sep = t[i + 2]
            if (sep == UInt8(ascii: ":") || sep == UInt8(ascii: "-")), i == 0 || !ASCII.isAlnum(t[i - 1]), i + 17 == t.count || !ASCII.isAlnum(t[i + 17]) {
                var ok = true
                for k in 0..<6 {
                    let p = i + k * 3
                    if !(ASCII.isHex(t[p]) && ASCII.isHex(t[p + 1])) || (k < 5 && t[p + 2] != sep) { ok = false; break }
                }
                if ok {
                    out.append(RawFinding(category: .pii, type: "MAC_ADDRESS", range: i..<(i + 17)))
                    i += 17
                    continue
                }
            }
            i += 1
        }
    }
}
