/// A text's tokens as the injection model reads them (`InjectionFeatures.tokens`): each token's normalized UTF-8
/// bytes end to end in one buffer, with where each ends. Hashing reads the bytes in place; a token becomes a
/// `String` only when the lexicon needs to compare it.
struct InjectionTokens {
    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int] = []

    init() {}

    init(_ strings: [String]) {
        for token in strings { append(token.utf8) }
    }

    var count: Int { ends.count }

    func range(_ k: Int) -> Range<Int> { (k == 0 ? 0 : ends[k - 1])..<ends[k] }

    /// The first byte of token `k` (every token has one).
    func firstByte(_ k: Int) -> UInt8 { bytes[k == 0 ? 0 : ends[k - 1]] }

    func string(_ k: Int) -> String { String(decoding: bytes[range(k)], as: UTF8.self) }

    var strings: [String] { (0..<count).map(string) }

    mutating func append(_ token: some Sequence<UInt8>) {
        bytes.append(contentsOf: token)
        ends.append(bytes.count)
    }

    /// Appends one byte to the bytes after the last token (a token being built); `close` makes them a token.
    mutating func appendOpen(_ b: UInt8) { bytes.append(b) }

    /// Where the open token started.
    var openStart: Int { ends.last ?? 0 }

    mutating func foldOpen(_ fold: (UInt8) -> UInt8) {
        for k in openStart..<bytes.count { bytes[k] = fold(bytes[k]) }
    }

    /// Ends the open token (if it has bytes), keeping at most `limit` of them.
    mutating func close(limit: Int) {
        let start = openStart
        guard bytes.count > start else { return }
        if bytes.count - start > limit { bytes.removeSubrange((start + limit)...) }
        ends.append(bytes.count)
    }
}
