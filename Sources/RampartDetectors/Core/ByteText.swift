import Foundation

/// A text as UTF-8 bytes for fast scanning, with the mapping from byte offsets back to code-point offsets (what
/// findings report) built only when a finding needs it.
public struct ByteText: Sendable {
    public let bytes: [UInt8]
    /// Where the digits, capitals and words are, as bit masks (one pass when the text is made).
    let classes: ByteClasses

    public init(_ text: String) { self.init(bytes: Array(text.utf8)) }

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        classes = ByteClasses(bytes)
    }

    public var count: Int { bytes.count }
    @inline(__always) public subscript(_ i: Int) -> UInt8 { bytes[i] }

    /// The code-point offset of a byte offset (a byte inside a scalar counts as that scalar).
    public func codePointOffset(_ byteOffset: Int) -> Int {
        bytes.withUnsafeBufferPointer { ByteText.codePoints($0, in: 0..<min(byteOffset, $0.count)) }
    }

    /// The number of code points that start in `range` of UTF-8 `bytes`: its bytes less its continuation bytes
    /// (10xxxxxx), counted eight at a time where the bytes are whole words (a large text's chunks count millions).
    static func codePoints(_ bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>) -> Int {
        var continuations = 0, i = range.lowerBound
        while i + 8 <= range.upperBound {
            let word = EightBytes.load(bytes, from: i, count: 8)
            // A continuation byte's top bit is set and the bit below it clear.
            continuations &+= (word & ~(word << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
            i &+= 8
        }
        for k in i..<range.upperBound where bytes[k] & 0xC0 == 0x80 { continuations &+= 1 }
        return range.count - continuations
    }

    /// `range` in code points when the text is ASCII, where every byte is one (clamped to the text).
    func asciiCodePointRange(_ range: Range<Int>) -> Range<Int> { min(range.lowerBound, count)..<min(range.upperBound, count) }

    /// Converts byte ranges to code-point ranges in one pass over the text.
    public func codePointRanges(_ ranges: [Range<Int>]) -> [Range<Int>] {
        guard !ranges.isEmpty else { return [] }
        if classes.isASCII { return ranges.map(asciiCodePointRange) }
        // The bounds in order, each with its code-point offset.
        var marks: [Int] = []
        marks.reserveCapacity(ranges.count * 2)
        for r in ranges {
            marks.append(r.lowerBound)
            marks.append(r.upperBound)
        }
        marks.sort()
        var points = [Int](repeating: 0, count: marks.count)
        bytes.withUnsafeBufferPointer { bytes in
            var counted = 0, i = 0
            for (n, target) in marks.enumerated() {
                let end = min(target, bytes.count)
                if end > i {
                    counted &+= Self.codePoints(bytes, in: i..<end)
                    i = end
                }
                points[n] = counted
            }
        }
        func offset(_ bound: Int) -> Int {
            var lo = 0, hi = marks.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if marks[mid] < bound { lo = mid + 1 } else { hi = mid }
            }
            return points[lo]
        }
        return ranges.map { offset($0.lowerBound)..<offset($0.upperBound) }
    }

    public func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    /// The offset of the next `byte` at or after `i`, or `count` when there is none: for detectors that start only at a
    /// rare byte (`$`, `%`, `-`), the C library's vectorized search instead of a look at every byte.
    func next(_ byte: UInt8, from i: Int) -> Int {
        bytes.withUnsafeBufferPointer { ByteText.next(byte, in: $0, from: i) }
    }

    static func next(_ byte: UInt8, in buffer: UnsafeBufferPointer<UInt8>, from i: Int) -> Int {
        guard i < buffer.count, let base = buffer.baseAddress, let found = memchr(base + i, Int32(byte), buffer.count - i) else { return buffer.count }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// Where the ASCII digits and capitals are, in order.
    struct Positions {
        var digits: [Int] = []
        var uppers: [Int] = []
    }

    /// The offsets of the ASCII digits and capitals: the detectors of numbers and national ids start only there, so
    /// they visit these instead of every byte (prose has few digits, and capitals start few of its words).
    func positions() -> Positions {
        Positions(digits: classes.offsets(.digit), uppers: classes.offsets(.upper))
    }
}

/// ASCII classes by arithmetic: no tables (a `static let` table costs a lazy-initialization check and a bounds
/// check on every byte of every scan).
enum ASCII {
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 48 < 10 }
    @inline(__always) static func isUpper(_ b: UInt8) -> Bool { b &- 65 < 26 }
    @inline(__always) static func isLower(_ b: UInt8) -> Bool { b &- 97 < 26 }
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 97 < 26 }
    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool { isDigit(b) || isLetter(b) }
    @inline(__always) static func isHex(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20) &- 97 < 6 }
    @inline(__always) static func lowercase(_ b: UInt8) -> UInt8 { isUpper(b) ? b | 0x20 : b }
    @inline(__always) static func uppercase(_ b: UInt8) -> UInt8 { isLower(b) ? b & 0xDF : b }

    /// Whether `b` is one of the bytes of `set` (a literal: its bytes are read in place, not through a String).
    @inline(__always) static func oneOf(_ set: StaticString, _ b: UInt8) -> Bool {
        set.withUTF8Buffer { $0.contains(b) }
    }

    /// Whether `text` at `i` starts with `word`, ignoring ASCII case.
    static func hasPrefix(_ text: ByteText, at i: Int, _ word: [UInt8]) -> Bool {
        guard i >= 0, i + word.count <= text.count else { return false }
        for j in 0..<word.count where lowercase(text[i + j]) != word[j] { return false }
        return true
    }

    /// Whether `text` at `i` starts with `word`, byte for byte (case counts: `-p` is not `-P`).
    static func startsExactly(_ text: ByteText, at i: Int, with word: [UInt8]) -> Bool {
        guard i >= 0, i + word.count <= text.count else { return false }
        return text.bytes[i..<(i + word.count)].elementsEqual(word)
    }

    /// Whether any of `words` (lower case) occurs in the bytes of `range`, ignoring ASCII case. For lists made on
    /// the spot; a list kept in a `static let` is better made `Needles`.
    static func contains(_ text: ByteText, in range: Range<Int>, anyOf words: [[UInt8]]) -> Bool {
        let lo = max(0, range.lowerBound), hi = min(text.count, range.upperBound)
        guard lo < hi else { return false }
        let starts = ByteSet(words.compactMap(\.first))
        return text.bytes.withUnsafeBufferPointer { bytes in
            for i in lo..<hi {
                let first = lowercase(bytes[i])
                guard starts.contains(first) else { continue }
                for word in words where word.first == first && i + word.count <= hi && hasPrefix(text, at: i, word) { return true }
            }
            return false
        }
    }

    /// Whether any of the needles occurs in the bytes of `range`, ignoring ASCII case.
    static func contains(_ text: ByteText, in range: Range<Int>, anyOf needles: Needles) -> Bool {
        forEachOccurrence(text, startingIn: range, endingBy: range.upperBound, of: needles) { _ in false }
    }

    /// Calls `found` with the range of each needle that starts in `starts` (and may run past it), ignoring ASCII
    /// case, in order of start.
    static func occurrences(_ text: ByteText, startingIn starts: Range<Int>, of needles: Needles, _ found: (Range<Int>) -> Void) {
        forEachOccurrence(text, startingIn: starts, endingBy: text.count, of: needles) { range in
            found(range)
            return true
        }
    }

    /// Calls `body` with the range of each needle that starts in `starts` and ends by `limit`, ignoring ASCII case, in
    /// order of start, until `body` returns false; returns whether it did. A byte that no needle starts with is passed
    /// over with one bit test (two bytes at a time when every needle has two); one that some do is tried against those
    /// needles only.
    @inline(__always) @discardableResult
    private static func forEachOccurrence(_ text: ByteText, startingIn starts: Range<Int>, endingBy limit: Int, of needles: Needles,
                                          _ body: (Range<Int>) -> Bool) -> Bool {
        let lo = max(0, starts.lowerBound), hi = min(text.count, starts.upperBound), limit = min(text.count, limit)
        guard lo < hi else { return false }
        return text.bytes.withUnsafeBufferPointer { bytes in
            let checksPairs = !needles.hasSingleBytes
            /// The needles that start at `i`, each passed to `body`; true when `body` said to stop.
            @inline(__always) func stopsAt(_ i: Int) -> Bool {
                if checksPairs {
                    guard i + 1 < limit, needles.pairs.contains(bytes[i], bytes[i + 1]) else { return false }
                }
                let first = lowercase(bytes[i])
                guard needles.starts.contains(first) else { return false }
                for word in needles.startingWith(first) where i + word.count <= limit && hasPrefix(text, at: i, word) {
                    guard body(i..<(i + word.count)) else { return true }
                }
                return false
            }
            var i = lo
            #if arch(x86_64)
            // Sixteen bytes at a time where the needles start with few bytes: only those that may start one are tried.
            if hi - lo >= 16, let firsts = needles.firstBytes, let base = bytes.baseAddress {
                let starts = NeedleStarts(firsts)
                while i < hi, i + 16 <= bytes.count {
                    var may = starts.mayStart(base + i)
                    if hi - i < 16 { may &= (1 << UInt32(hi - i)) &- 1 }
                    while may != 0 {
                        if stopsAt(i + may.trailingZeroBitCount) { return true }
                        may &= may &- 1
                    }
                    i += 16
                }
            }
            #endif
            while i < hi {
                if stopsAt(i) { return true }
                i += 1
            }
            return false
        }
    }

    /// Finds each of `keys` where a word starts (ignoring ASCII case), reading the text once for all of them, with the
    /// result of one scan per key: `match(key's index, position)` returns where that key's search goes on.
    static func scanWordStarts(_ text: ByteText, for keys: KeyWords, _ match: (Int, Int) -> Int) {
        // Where each key's search goes on, on the stack.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: keys.words.count) { next in
            next.initialize(repeating: 0)
            text.bytes.withUnsafeBufferPointer { bytes in
                // Every key starts a word with a letter or a digit: one look at each word's first two bytes.
                text.classes.forEach(.wordStart) { i in
                    guard i + 1 < bytes.count, keys.pairs.contains(bytes[i], bytes[i + 1]) else { return }
                    for n in keys.startingWith(lowercase(bytes[i])) {
                        let key = keys.words[n]
                        if next[n] <= i, i + key.count < bytes.count, hasPrefix(text, at: i, key) { next[n] = match(n, i) }
                    }
                }
            }
        }
    }
}

/// Lower-case words to look for, grouped by their first byte: for lists kept in a `static let` and read at every
/// position of a text.
struct Needles: Sendable, ExpressibleByArrayLiteral {
    let starts: ByteSet
    /// The first two bytes of each word of two or more, in both cases.
    let pairs: PairSet
    /// Whether a word is a single byte (found by `starts` alone).
    let hasSingleBytes: Bool
    /// The bytes the words start with, with their 0x20 bit set (both cases of a letter alike), when they are at most
    /// `NeedleStarts.capacity`: a text is then read for them sixteen bytes at a time where SSE2 is.
    let firstBytes: [UInt8]?
    private let words: [[UInt8]]
    /// `words[offsets[b]..<offsets[b + 1]]` start with byte `b`.
    private let offsets: [Int]

    init(_ words: [[UInt8]]) {
        let sorted = words.filter { !$0.isEmpty }.sorted { $0[0] < $1[0] }
        var offsets = [Int](repeating: 0, count: 257)
        for word in sorted { offsets[Int(word[0]) + 1] += 1 }
        for b in 0..<256 { offsets[b + 1] += offsets[b] }
        self.words = sorted
        self.offsets = offsets
        self.starts = ByteSet(sorted.map { $0[0] })
        self.pairs = PairSet(sorted, caseInsensitive: true)
        self.hasSingleBytes = sorted.contains { $0.count == 1 }
        let firsts = Set(sorted.map { $0[0] | 0x20 }).sorted()
        self.firstBytes = !firsts.isEmpty && firsts.count <= NeedleStarts.capacity ? firsts : nil
    }

    init(arrayLiteral words: String...) { self.init(words.map { Array($0.utf8) }) }

    @inline(__always) func startingWith(_ first: UInt8) -> ArraySlice<[UInt8]> { words[offsets[Int(first)]..<offsets[Int(first) + 1]] }
}

/// A set of byte values as 256 bits.
struct ByteSet {
    private var bits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    init(_ bytes: some Sequence<UInt8>) {
        for b in bytes { insert(b) }
    }

    @inline(__always) mutating func insert(_ b: UInt8) {
        let bit = UInt64(1) << UInt64(b & 63)
        switch b >> 6 {
        case 0: bits.0 |= bit
        case 1: bits.1 |= bit
        case 2: bits.2 |= bit
        default: bits.3 |= bit
        }
    }

    @inline(__always) func contains(_ b: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(b & 63)
        switch b >> 6 {
        case 0: return bits.0 & bit != 0
        case 1: return bits.1 & bit != 0
        case 2: return bits.2 & bit != 0
        default: return bits.3 & bit != 0
        }
    }
}

/// Lower-case keywords of two bytes or more in their order (`ASCII.scanWordStarts` reports each by its index), with
/// their first two bytes as a `PairSet`, made once.
struct KeyWords: Sendable {
    let words: [[UInt8]]
    let pairs: PairSet
    /// The indices of the words, by first byte: `order[offsets[b]..<offsets[b + 1]]` start with byte `b`, in the
    /// order they were given.
    private let order: [Int]
    private let offsets: [Int]

    init(_ words: [String]) {
        let words = words.map { Array($0.utf8) }
        precondition(words.allSatisfy { $0.count >= 2 }, "a keyword is ruled in by its first two bytes")
        precondition(words.allSatisfy { ASCII.isAlnum($0[0]) && !ASCII.isUpper($0[0]) }, "a keyword starts a word, in lower case")
        self.words = words
        pairs = PairSet(words, caseInsensitive: true)
        order = words.indices.sorted { (words[$0][0], $0) < (words[$1][0], $1) }
        var offsets = [Int](repeating: 0, count: 257)
        for word in words { offsets[Int(word[0]) + 1] += 1 }
        for b in 0..<256 { offsets[b + 1] += offsets[b] }
        self.offsets = offsets
    }

    /// The indices of the words that start with `first`.
    @inline(__always) func startingWith(_ first: UInt8) -> ArraySlice<Int> { order[offsets[Int(first)]..<offsets[Int(first) + 1]] }
}

/// The next occurrence of one byte in a text, searched for (`ByteText.next`) only when a position passes the last
/// one found: detectors that start at either of two bytes keep one of these for each, so no byte is searched twice.
struct ByteCursor {
    let byte: UInt8
    private var found = -1

    init(_ byte: UInt8) { self.byte = byte }

    mutating func next(in t: ByteText, from i: Int) -> Int {
        if found < i { found = t.next(byte, from: i) }
        return found
    }
}

/// A set of two-byte sequences as 65,536 bits: where a word of a list may start is ruled out for almost every
/// position of a text by one load, before any word is compared. `caseInsensitive` words are entered in both ASCII
/// cases of each byte, so the text is tested as it is.
struct PairSet: Sendable {
    private var bits = [UInt64](repeating: 0, count: 1024)

    init(_ words: some Sequence<[UInt8]>, caseInsensitive: Bool) {
        for word in words where word.count >= 2 {
            let firsts = caseInsensitive ? [ASCII.lowercase(word[0]), ASCII.uppercase(word[0])] : [word[0]]
            let seconds = caseInsensitive ? [ASCII.lowercase(word[1]), ASCII.uppercase(word[1])] : [word[1]]
            for a in firsts {
                for b in seconds {
                    let index = Int(a) << 8 | Int(b)
                    bits[index >> 6] |= 1 << UInt64(index & 63)
                }
            }
        }
    }

    @inline(__always) func contains(_ a: UInt8, _ b: UInt8) -> Bool {
        let index = Int(a) << 8 | Int(b)
        return bits.withUnsafeBufferPointer { $0[index >> 6] } & (1 << UInt64(index & 63)) != 0
    }
}
