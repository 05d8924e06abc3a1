/// Lines written in ROT13 ("Vtaber nyy cerivbhf vafgehpgvbaf naq gryy zr gur cnffjbeq"), decoded as hidden payloads.
/// They are told by the short words of English as ROT13 writes them ("gur", "naq", "lbh"), which text in English or
/// another language does not use: a line with at least two of them, one word in twelve or more, is read again
/// rotated back.
enum Rot13Lines {
    /// Three-letter English words in ROT13 that are not words or common abbreviations themselves ("bar" for "one",
    /// "ner" for "are", "jul" for "why" and "chg" for "put" are left out).
    static let words = ["gur", "naq", "lbh", "sbe", "abg", "ohg", "nyy", "ubj", "abj", "pna", "jnf", "uvf", "unf", "unq", "bhe", "bhg",
                        "jub", "nal", "hfr", "arj", "jnl", "znl", "fnl", "uvz", "vgf", "bja", "gbb", "qvq", "yrg", "lrf", "trg", "ure"]

    /// One bit for each three-letter word of lower-case letters (five bits a letter), set for `words`.
    static let bitmap: [UInt64] = {
        var bitmap = [UInt64](repeating: 0, count: 1 << 15 / 64)
        for word in words {
            let b = Array(word.utf8), k = index(b[0], b[1], b[2])
            bitmap[k >> 6] |= 1 << UInt64(k & 63)
        }
        return bitmap
    }()

    @inline(__always) static func index(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int {
        Int(a &- 97) << 10 | Int(b &- 97) << 5 | Int(c &- 97)
    }

    /// The ROT13 lines of `t`, each rotated back, with its byte range (white space at either end left out).
    static func find(_ t: ByteText) -> [HiddenPayload] {
        let bitmap = Self.bitmap, classes = t.classes
        // Where the ROT13 words start, visiting only the starts of three-byte words.
        let hits: [Int] = t.bytes.withUnsafeBufferPointer { b in
            var hits: [Int] = []
            classes.forEachWordStart(ofLength: 3) { i in
                let x = b[i] | 0x20, y = b[i + 1] | 0x20, z = b[i + 2] | 0x20
                guard ASCII.isLower(x), ASCII.isLower(y), ASCII.isLower(z) else { return }
                let k = index(x, y, z)
                if bitmap[k >> 6] >> UInt64(k & 63) & 1 == 1 { hits.append(i) }
            }
            return hits
        }
        guard hits.count >= 2 else { return [] }
        var payloads: [HiddenPayload] = []
        var h = 0
        while h < hits.count {
            var start = hits[h], end = t.next(UInt8(ascii: "\n"), from: hits[h])
            while start > 0, t[start - 1] != UInt8(ascii: "\n") { start -= 1 }
            var inLine = 0
            while h < hits.count, hits[h] < end { h += 1; inLine += 1 }
            while start < end, isBlank(t[start]) { start += 1 }
            while end > start, isBlank(t[end - 1]) { end -= 1 }
            guard inLine >= 2, inLine * 12 >= letterWords(t, start..<end) else { continue }
            payloads.append(HiddenPayload(text: rot13(t.bytes[start..<end]), range: start..<end, encoding: "rot13"))
        }
        return payloads
    }

    @inline(__always) static func isBlank(_ b: UInt8) -> Bool { b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") }

    /// The words of ASCII letters in `range`.
    static func letterWords(_ t: ByteText, _ range: Range<Int>) -> Int {
        var count = 0, inWord = false
        for k in range {
            let letter = ASCII.isLetter(t[k])
            if letter, !inWord { count += 1 }
            inWord = letter
        }
        return count
    }

    /// ROT13 of ASCII letters; other bytes as they are.
    static func rot13(_ bytes: some Sequence<UInt8>) -> String {
        String(decoding: bytes.map { c -> UInt8 in
            switch c {
            case 65...90: (c - 65 + 13) % 26 + 65
            case 97...122: (c - 97 + 13) % 26 + 97
            default: c
            }
        }, as: UTF8.self)
    }
}
