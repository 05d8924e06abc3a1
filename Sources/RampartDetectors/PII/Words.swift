/// Word tokens over UTF-8 bytes: letters (any non-ASCII byte counts as a letter), with inner apostrophes, hyphens
/// and periods of abbreviations; each with its byte range.
struct Word {
    var range: Range<Int>
    var text: Substring
    /// The text in lower case, computed once.
    var lower: String
    var capitalized: Bool
    var isNumber: Bool
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
            let text = Substring(t.string(i..<j))
            let first = text.unicodeScalars.first
            let ascii = t.bytes[i..<j].allSatisfy { $0 < 0x80 }
            let lower = ascii ? String(decoding: t.bytes[i..<j].map(ASCII.lowercase), as: UTF8.self) : text.lowercased()
            let capitalized = ascii ? ASCII.isUpper(t[i]) : first.map { $0.properties.isUppercase } ?? false
            words.append(Word(range: i..<j, text: text, lower: lower, capitalized: capitalized,
                              isNumber: t.bytes[i..<j].allSatisfy(ASCII.isDigit)))
            i = j
        }
        return words
    }
}
