import Foundation

/// A non-ASCII text as the personal-data and secret detectors read it a second time: invisible characters
/// (zero-width, bidi controls, soft hyphens, tags, variation selectors) removed, full-width forms, the other spaces and
/// hyphens, and the mathematical and enclosed letters and digits folded to ASCII, so that "4111\u{200B}1111…", "ｊａｎｅ＠…" and
/// "+44\u{A0}20…" are read as what they show. Letters of other scripts stay (a Cyrillic name is a name, not a
/// look-alike of a Latin one); the injection model folds those itself (`TextNormalizer`).
///
/// Each folded byte remembers where its character starts in the original text, so findings are reported there.
struct FoldedText {
    /// The folded text's UTF-8 bytes.
    let bytes: [UInt8]
    /// For each folded byte, the offset in the original bytes of the character it comes from.
    private let origin: [Int32]
    private let original: [UInt8]
    /// Whether folding took characters out (invisible ones). When it did not, every character of the original is a
    /// character of the folded text, only in the ASCII form it shows.
    let removesCharacters: Bool

    /// The text folded, or nil when folding changes nothing (an ASCII text never changes). Only the characters above
    /// ASCII are visited: the first that folds is looked for before anything is built, and the ASCII between them is
    /// copied whole.
    init?(_ original: [UInt8]) {
        guard let (bytes, origin, removes) = original.withUnsafeBufferPointer(Self.folded) else { return nil }
        self.bytes = bytes
        self.origin = origin
        self.original = original
        removesCharacters = removes
    }

    /// The folded bytes of `text`, where each comes from and whether a character was taken out, or nil when no
    /// character folds.
    private static func folded(_ text: UnsafeBufferPointer<UInt8>) -> (bytes: [UInt8], origin: [Int32], removes: Bool)? {
        guard UTF8Scalar.CharactersAboveASCII(text).contains(where: { fold(UTF8Scalar.value(text, at: $0.offset, length: $0.length)) != nil })
        else { return nil }
        var bytes: [UInt8] = [], origin: [Int32] = []
        bytes.reserveCapacity(text.count)
        origin.reserveCapacity(text.count)
        // Up to `copied`, the bytes are in; each character above ASCII, folded or as it is, has every byte from where
        // it starts, and the bytes between them (ASCII, and any byte that starts no whole character) each their own.
        var copied = 0, removes = false
        for (i, length) in UTF8Scalar.CharactersAboveASCII(text) {
            append(text, copied..<i, to: &bytes, &origin)
            if let folded = fold(UTF8Scalar.value(text, at: i, length: length)) {
                removes = removes || folded.isEmpty
                bytes.append(contentsOf: folded)
                origin.append(contentsOf: repeatElement(Int32(i), count: folded.count))
            } else {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[i..<(i + length)]))
                origin.append(contentsOf: repeatElement(Int32(i), count: length))
            }
            copied = i + length
        }
        append(text, copied..<text.count, to: &bytes, &origin)
        return (bytes, origin, removes)
    }

    /// Appends `text[range]` as it is, each byte from its own offset.
    private static func append(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, to bytes: inout [UInt8], _ origin: inout [Int32]) {
        guard !range.isEmpty else { return }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[range]))
        for k in range { origin.append(Int32(k)) }
    }

    /// The bytes of the original text that `range` of the folded bytes comes from: from the start of the first
    /// character to the end of the last (an invisible character between them is inside it).
    func originalRange(_ range: Range<Int>) -> Range<Int> {
        guard !range.isEmpty else { let at = range.lowerBound < origin.count ? Int(origin[range.lowerBound]) : original.count; return at..<at }
        let last = Int(origin[range.upperBound - 1])
        return Int(origin[range.lowerBound])..<(last + UTF8Scalar.length(original[last]))
    }

    /// What a scalar above ASCII folds to, or nil when it stays.
    static func fold(_ value: UInt32) -> [UInt8]? {
        if TextNormalizer.isInvisible(value) { return [] }
        switch value {
        case 0xFF01...0xFF5E: return [UInt8(value - 0xFEE0)]  // full-width ASCII
        case 0x00A0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: return [0x20]  // spaces
        // Hyphens and the minus sign; not the en and em dashes, which stand between words and ranges ("1997–2000").
        case 0x2010...0x2012, 0x2212, 0xFE63: return [UInt8(ascii: "-")]
        case 0x2460...0x24FF, 0x1D400...0x1D7FF:
            // Enclosed and mathematical letters and digits ("①", "𝐣𝐚𝐧𝐞"): their compatibility form, when it is ASCII.
            guard let scalar = Unicode.Scalar(value) else { return nil }
            let form = Array(String(Character(scalar)).precomposedStringWithCompatibilityMapping.utf8)
            return form.allSatisfy { $0 < 0x80 } && !form.isEmpty ? form : nil
        default: return nil
        }
    }
}

/// UTF-8 read by hand: a scalar's length from its first byte, and its value.
enum UTF8Scalar {
    @inline(__always) static func length(_ lead: UInt8) -> Int {
        lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// The length of the character above ASCII that starts at `i`, or nil for a byte that starts no whole one (an
    /// ASCII or continuation byte, or a character cut short by the end of the bytes).
    @inline(__always) static func wholeLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        let length = length(bytes[i])
        return length > 1 && i + length <= bytes.count ? length : nil
    }

    /// The whole characters above ASCII of UTF-8 bytes, as where each starts and its length, found eight bytes at a
    /// time: most texts are mostly ASCII. A byte that starts no whole character is passed over.
    struct CharactersAboveASCII: Sequence, IteratorProtocol {
        let bytes: UnsafeBufferPointer<UInt8>
        private var i: Int

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
            i = EightBytes.firstAboveASCII(bytes, from: 0)
        }

        mutating func next() -> (offset: Int, length: Int)? {
            while i < bytes.count {
                let at = i
                guard let length = wholeLength(bytes, at: at) else {
                    i = EightBytes.firstAboveASCII(bytes, from: at + 1)
                    continue
                }
                i = EightBytes.firstAboveASCII(bytes, from: at + length)
                return (at, length)
            }
            return nil
        }
    }

    static func value<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at i: Int, length: Int) -> UInt32 where Bytes.Index == Int {
        var value = UInt32(bytes[i]) & (0xFF >> UInt32(length + 1))
        for k in 1..<length { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
        return value
    }
}
