/// A text's tokens as the injection model reads them (`InjectionFeatures.tokens`): each token's normalized UTF-8
/// bytes end to end in one buffer, with where each ends. Hashing reads the bytes in place; a token becomes a
/// `String` only when the lexicon needs to compare it.
struct InjectionTokens {
    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int] = []

    init() {}

    /// No tokens yet, with room for `count` bytes of them (and as many tokens) without growing.
    init(reservingBytes count: Int) {
        bytes.reserveCapacity(count)
        ends.reserveCapacity(count)
    }

    init(_ strings: [String]) {
        for token in strings { append(token.utf8) }
    }

    /// Tokens already laid out: `ends[k]` is where token `k` ends in `bytes`.
    init(bytes: [UInt8], ends: [Int]) {
        self.bytes = bytes
        self.ends = ends
    }

    var count: Int { ends.count }

    func range(_ k: Int) -> Range<Int> { (k == 0 ? 0 : ends[k - 1])..<ends[k] }

    /// The first byte of token `k` (every token has one).
    func firstByte(_ k: Int) -> UInt8 { bytes[k == 0 ? 0 : ends[k - 1]] }

    /// Whether token `k` is a punctuation mark or a symbol: a token of its own, one character, not a word.
    func isMark(_ k: Int) -> Bool {
        let range = range(k), first = bytes[range.lowerBound]
        guard first >= 0x80 else { return range.count == 1 && !InjectionFeatures.isASCIIWordByte(first) }
        guard range.count == UTF8Scalar.length(first) else { return false }
        // Most marks above ASCII are in the tokenizer's table, looked up faster than a character's category.
        let value = UTF8Scalar.value(bytes, at: range.lowerBound, length: range.count)
        switch StableScalars.shared.entry(value).kind {
        case .mark: return true
        case .letter, .wordPart: return false
        default: return Unicode.Scalar(value).map { !InjectionFeatures.isWordScalar($0) } ?? false
        }
    }

    /// Whether token `k`, a mark (`isMark`), pads (`WebAddresses.reachEnd`): it is the same mark as token `k - 1`,
    /// or comes after `marksBefore` marks in a row, at least `padsAfter` of them.
    func padsMark(_ k: Int, marksBefore: Int, padsAfter: Int) -> Bool {
        marksBefore >= padsAfter || (k > 0 && bytes[range(k)].elementsEqual(bytes[range(k - 1)]))
    }

    /// Whether any token in `range` pads (`padsMark`, counting the marks in a row from the range's start): the ASCII
    /// marks told from the bytes and the token ends, without a call for each token.
    func padsMark(in range: Range<Int>, padsAfter: Int) -> Bool {
        ends.withUnsafeBufferPointer { ends in
            bytes.withUnsafeBufferPointer { bytes in
                var run = 0, previous: UInt8 = 0
                for k in range {
                    let first = k == 0 ? 0 : ends[k - 1], b = bytes[first]
                    guard b < 0x80 else {
                        let mark = isMark(k)
                        if mark, padsMark(k, marksBefore: run, padsAfter: padsAfter) { return true }
                        run = mark ? run + 1 : 0
                        previous = 0
                        continue
                    }
                    guard ends[k] - first == 1, !InjectionFeatures.isASCIIWordByte(b) else { run = 0; continue }
                    if run >= padsAfter || (run > 0 && b == previous) { return true }
                    run += 1
                    previous = b
                }
                return false
            }
        }
    }

    func string(_ k: Int) -> String { String(decoding: bytes[range(k)], as: UTF8.self) }

    /// Token `k` as a `Spelling`, for `WordSet` look-ups without a `String`.
    func spelling(_ k: Int) -> Spelling {
        var spelling = Spelling()
        for b in bytes[range(k)] { spelling.add(b) }
        return spelling
    }

    var strings: [String] { (0..<count).map(string) }

    mutating func append(_ token: some Sequence<UInt8>) {
        bytes.append(contentsOf: token)
        ends.append(bytes.count)
    }

    /// Appends the tokens of `other`, in order.
    mutating func append(contentsOf other: InjectionTokens) {
        let base = bytes.count
        bytes.append(contentsOf: other.bytes)
        ends.append(contentsOf: other.ends.lazy.map { $0 + base })
    }

    /// Appends the tokens of ASCII `text` as the byte path reads them (`InjectionFeatures.writeASCIITokens`), written
    /// in place. The text must not end inside a word that goes on after it.
    mutating func appendASCII(_ text: UnsafeBufferPointer<UInt8>) {
        guard !text.isEmpty else { return }
        let base = bytes.count, firstEnd = ends.count
        bytes.append(contentsOf: repeatElement(0, count: text.count))
        ends.append(contentsOf: repeatElement(0, count: text.count + 1))
        let (written, count) = bytes.withUnsafeMutableBufferPointer { bytes in
            ends.withUnsafeMutableBufferPointer { ends in
                InjectionFeatures.writeASCIITokens(text, into: UnsafeMutableBufferPointer(rebasing: bytes[base...]),
                                                   ends: UnsafeMutableBufferPointer(rebasing: ends[firstEnd...]))
            }
        }
        bytes.removeLast(text.count - written)
        ends.removeLast(text.count + 1 - count)
        for k in firstEnd..<ends.count { ends[k] += base }
    }

    /// Writes a character of the token being written (which `endToken` closes), as UTF-8.
    mutating func write(_ scalar: Unicode.Scalar) {
        UTF8.encode(scalar) { bytes.append($0) }
    }

    /// Closes the token being written, when it has bytes, each of them through `transform` if one is given (which
    /// must leave the bytes above ASCII as they are).
    mutating func endToken(_ transform: ((UInt8) -> UInt8)? = nil) {
        let start = ends.last ?? 0
        guard bytes.count > start else { return }
        if let transform { for k in start..<bytes.count { bytes[k] = transform(bytes[k]) } }
        ends.append(bytes.count)
    }
}

