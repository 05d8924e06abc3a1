/// A text as UTF-8 bytes for fast scanning, with the mapping from byte offsets back to code-point offsets (what
/// findings report) built only when a finding needs it.
public struct ByteText: Sendable {
    public let bytes: [UInt8]

    public init(_ text: String) { bytes = Array(text.utf8) }
    public init(bytes: [UInt8]) { self.bytes = bytes }

    public var count: Int { bytes.count }
    @inline(__always) public subscript(_ i: Int) -> UInt8 { bytes[i] }

    /// The code-point offset of a byte offset (a byte inside a scalar counts as that scalar).
    public func codePointOffset(_ byteOffset: Int) -> Int {
        var points = 0
        var i = 0
        let end = min(byteOffset, bytes.count)
        while i < end {
            if bytes[i] & 0xC0 != 0x80 { points += 1 }
            i += 1
        }
        return points
    }

    /// Converts byte ranges to code-point ranges in one pass over the text.
    public func codePointRanges(_ ranges: [Range<Int>]) -> [Range<Int>] {
        guard !ranges.isEmpty else { return [] }
        var marks = Set<Int>()
        for r in ranges {
            marks.insert(r.lowerBound)
            marks.insert(r.upperBound)
        }
        let sorted = marks.sorted()
        var table: [Int: Int] = [:]
        var points = 0, i = 0, next = 0
        while next < sorted.count {
            let target = sorted[next]
            while i < min(target, bytes.count) {
                if bytes[i] & 0xC0 != 0x80 { points += 1 }
                i += 1
            }
            table[target] = points
            next += 1
        }
        return ranges.map { table[$0.lowerBound]!..<table[$0.upperBound]! }
    }

    public func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
}

/// ASCII classes by table.
enum ASCII {
    static let digit: [Bool] = (0..<256).map { (48...57).contains($0) }
    static let upper: [Bool] = (0..<256).map { (65...90).contains($0) }
    static let lower: [Bool] = (0..<256).map { (97...122).contains($0) }
    static let alnum: [Bool] = (0..<256).map { digit[$0] || upper[$0] || lower[$0] }
    static let hex: [Bool] = (0..<256).map { digit[$0] || (65...70).contains($0) || (97...102).contains($0) }

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { digit[Int(b)] }
    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool { alnum[Int(b)] }
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { upper[Int(b)] || lower[Int(b)] }
    @inline(__always) static func isUpper(_ b: UInt8) -> Bool { upper[Int(b)] }
    @inline(__always) static func isHex(_ b: UInt8) -> Bool { hex[Int(b)] }
    @inline(__always) static func lowercase(_ b: UInt8) -> UInt8 { upper[Int(b)] ? b + 32 : b }

    /// Whether `text` at `i` starts with `word`, ignoring ASCII case.
    static func hasPrefix(_ text: ByteText, at i: Int, _ word: [UInt8]) -> Bool {
        guard i >= 0, i + word.count <= text.count else { return false }
        for j in 0..<word.count where lowercase(text[i + j]) != word[j] { return false }
        return true
    }

    /// Whether any of `words` (lowercase ASCII) occurs in the bytes of `range`, ignoring case.
    static func contains(_ text: ByteText, in range: Range<Int>, anyOf words: [[UInt8]]) -> Bool {
        let lo = max(0, range.lowerBound), hi = min(text.count, range.upperBound)
        guard lo < hi else { return false }
        for i in lo..<hi {
            let first = lowercase(text[i])
            for word in words where word.first == first && i + word.count <= hi && hasPrefix(text, at: i, word) { return true }
        }
        return false
    }
}
