/// The characters above ASCII that an e-mail address may hold (RFC 6531: "josé@example.com", "user@münchen.de",
/// "用户@例子.广告"): letters, marks and digits of any script, read from the UTF-8 on either side of an address's
/// ASCII.
///
/// An address is not read into the words of a script written without spaces that touch it: "请联系jane@example.com",
/// "jane@example.comまで", "jane@example.com으로" (Chinese, Japanese, Thai and Korean's particles). An address
/// written wholly in such a script is read whole.
enum AddressCharacters {
    /// The character above ASCII that ends at `end` (exclusive) and may stand in an address, as where it starts;
    /// nil when there is none (ASCII, or a character an address cannot hold), or when `touchesASCII` and it is of a
    /// script written without spaces.
    static func before(_ t: ByteText, _ end: Int, touchesASCII: Bool) -> Int? {
        var start = end - 1
        while start > 0, end - start < 4, t[start] & 0xC0 == 0x80 { start -= 1 }
        guard after(t, start, touchesASCII: touchesASCII) == end - start else { return nil }
        return start
    }

    /// The character above ASCII that starts at `i` and may stand in an address, as its length; nil as for `before`.
    static func after(_ t: ByteText, _ i: Int, touchesASCII: Bool) -> Int? {
        guard let length = t.bytes.withUnsafeBufferPointer({ UTF8Scalar.wholeLength($0, at: i) }) else { return nil }
        return admits(UTF8Scalar.value(t.bytes, at: i, length: length), touchesASCII: touchesASCII) ? length : nil
    }

    private static func admits(_ value: UInt32, touchesASCII: Bool) -> Bool {
        guard let scalar = Unicode.Scalar(value) else { return false }
        if touchesASCII, isUnspaced(value) { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber: return true
        default: return false
        }
    }

    /// Scripts written without spaces between words, or with particles joined to them: Thai, Lao, Khmer, Hangul,
    /// kana and CJK ideographs (with the half-width kana).
    static func isUnspaced(_ v: UInt32) -> Bool {
        switch v {
        case 0x0E00...0x0EFF, 0x1780...0x17FF, 0x1100...0x11FF, 0x3040...0x30FF, 0x3130...0x318F, 0x31F0...0x31FF,
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFF66...0xFF9F, 0x20000...0x3FFFF: true
        default: false
        }
    }
}
