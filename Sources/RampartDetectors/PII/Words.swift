/// Word tokens over UTF-8 bytes: letters (any non-ASCII byte counts as a letter), with inner apostrophes and
/// hyphens, a possessive "'s" left out; each with its byte range.
struct Word {
    var range: Range<Int>
    /// The text in lower case, computed once.
    var lower: String
    /// `WordSet`'s key of `lower`.
    var key: UInt64
    var capitalized: Bool
    var isNumber: Bool
    /// Whether the first character is a number of any script ("4", "٣", "①").
    var startsWithNumber: Bool
}

enum Words {
    static func split(_ t: ByteText) -> [Word] {
        var words: [Word] = []
        var i = 0
        while i < t.count {
            let c = t[i]
            guard ASCII.isAlnum(c) || c >= 0x80 else { i += 1; continue }
            var j = i + 1
            while j < t.count {
                let d = t[j]
                if ASCII.isAlnum(d) || d >= 0x80 { j += 1; continue }
                if (d == UInt8(ascii: "'") || d == UInt8(ascii: "-")), j + 1 < t.count, ASCII.isAlnum(t[j + 1]) || t[j + 1] >= 0x80 { j += 1; continue }
                break
            }
            // A possessive is its owner: "Asya's" is the word "Asya" (the "'s" belongs to no word).
            let next = j
            if j - i > 2, t[j - 2] == UInt8(ascii: "'"), t[j - 1] | 0x20 == UInt8(ascii: "s") { j -= 2 }
            var ascii = true, digits = true
            for k in i..<j {
                let b = t[k]
                if b >= 0x80 { ascii = false }
                if !ASCII.isDigit(b) { digits = false }
            }
            let lower: String
            let capitalized: Bool
            var key = WordKey()
            if ascii {
                lower = String(unsafeUninitializedCapacity: j - i) { buffer in
                    for k in i..<j {
                        let b = ASCII.lowercase(t[k])
                        buffer[k - i] = b
                        key.add(b)
                    }
                    return j - i
                }
                capitalized = ASCII.isUpper(c)
            } else {
                let text = t.string(i..<j)
                lower = text.lowercased()
                for b in lower.utf8 { key.add(b) }
                capitalized = text.unicodeScalars.first?.properties.isUppercase ?? false
            }
            let startsWithNumber = c < 0x80 ? ASCII.isDigit(c) : t.string(i..<j).first?.isNumber == true
            words.append(Word(range: i..<j, lower: lower, key: key.value, capitalized: capitalized, isNumber: digits, startsWithNumber: startsWithNumber))
            i = next
        }
        return words
    }
}
