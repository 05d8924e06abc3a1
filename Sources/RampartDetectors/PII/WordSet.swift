/// A set of lower-case words looked up by the `Spelling` each `Word` carries (made once when the text is split):
/// no `String` per look-up, unlike `Set<String>`, and a miss reads only the keys.
struct WordSet: Sendable, ExpressibleByArrayLiteral {
    /// Open addressing; a zero key marks an empty slot (a word whose key is 0 is stored under 1).
    private let keys: [UInt64]
    private let spellings: [Spelling]
    private let mask: Int

    init(_ words: some Sequence<String>) {
        let distinct = Array(Set(words.map(Spelling.init)))
        var capacity = 8
        while capacity < distinct.count * 2 { capacity <<= 1 }
        var keys = [UInt64](repeating: 0, count: capacity)
        var stored = [Spelling](repeating: Spelling(), count: capacity)
        for spelling in distinct {
            let key = Self.stored(spelling.key)
            var i = Self.slot(key, capacity - 1)
            while keys[i] != 0 { i = (i + 1) & (capacity - 1) }
            keys[i] = key
            stored[i] = spelling
        }
        self.keys = keys
        self.spellings = stored
        self.mask = capacity - 1
    }

    init(arrayLiteral words: String...) { self.init(words) }

    @inline(__always) private static func stored(_ key: UInt64) -> UInt64 { key == 0 ? 1 : key }

    @inline(__always) private static func slot(_ key: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: key ^ key >> 29) & mask }

    func contains(_ word: Word) -> Bool { contains(word.spelling, key: word.key) }

    func contains(_ spelling: Spelling) -> Bool { contains(spelling, key: spelling.key) }

    /// Whether the set holds `spelling`, whose `key` is given.
    @inline(__always) private func contains(_ spelling: Spelling, key: UInt64) -> Bool {
        let key = Self.stored(key)
        return keys.withUnsafeBufferPointer { keys in
            var i = Self.slot(key, mask)
            while keys[i] != 0 {
                if keys[i] == key, spellings[i] == spelling { return true }
                i = (i + 1) & mask
            }
            return false
        }
    }
}

/// Word phrases matched against a text's words by their spellings ("my name is", "moved here from"), grouped by
/// last word so that a word ending none costs one look-up.
struct Phrases: Sendable {
    private let phrases: [[Spelling]]
    let lastWords: WordSet

    init(_ phrases: [[String]]) {
        self.phrases = phrases.map { $0.map(Spelling.init) }
        self.lastWords = WordSet(phrases.compactMap(\.last))
    }

    /// Whether one of the phrases ends at word `k` (inclusive).
    func end(at k: Int, in words: [Word]) -> Bool {
        guard lastWords.contains(words[k]) else { return false }
        return phrases.contains { starts(with: $0, at: k + 1 - $0.count, in: words) }
    }

    /// Whether one of the phrases starts at word `k`; the number of words it spans.
    func start(at k: Int, in words: [Word]) -> Int? {
        phrases.first { starts(with: $0, at: k, in: words) }?.count
    }

    private func starts(with phrase: [Spelling], at k: Int, in words: [Word]) -> Bool {
        guard k >= 0, k + phrase.count <= words.count else { return false }
        return phrase.indices.allSatisfy { words[k + $0].spelling == phrase[$0] }
    }
}
