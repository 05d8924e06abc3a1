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
        // Over the raw bytes: every byte of the text is read here.
        t.bytes.withUnsafeBufferPointer { split(t, $0) }
    }

    private static func split(_ t: ByteText, _ bytes: UnsafeBufferPointer<UInt8>) -> [Word] {
        var words: [Word] = []
        words.reserveCapacity(bytes.count / 6)
        @inline(__always) func isWordByte(_ b: UInt8) -> Bool { ASCII.isAlnum(b) || b >= 0x80 }
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            guard isWordByte(c) else { i += 1; continue }
            var j = i + 1
            while j < bytes.count {
                let d = bytes[j]
                if isWordByte(d) { j += 1; continue }
                if (d == UInt8(ascii: "'") || d == UInt8(ascii: "-")), j + 1 < bytes.count, isWordByte(bytes[j + 1]) { j += 1; continue }
                break
            }
            // A possessive is its owner: "Asya's" is the word "Asya" (the "'s" belongs to no word).
            let next = j
            if j - i > 2, bytes[j - 2] == UInt8(ascii: "'"), bytes[j - 1] | 0x20 == UInt8(ascii: "s") { j -= 2 }
            var ascii = true, digits = true
            for k in i..<j {
                let b = bytes[k]
                if b >= 0x80 { ascii = false }
                if !ASCII.isDigit(b) { digits = false }
            }
            let lower: String
            let capitalized: Bool
            var key = WordKey()
            if ascii {
                lower = String(unsafeUninitializedCapacity: j - i) { buffer in
                    for k in i..<j {
                        let b = ASCII.lowercase(bytes[k])
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
