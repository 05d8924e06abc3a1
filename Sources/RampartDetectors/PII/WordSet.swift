/// A set of lower-case words looked up by the key each `Word` carries (FNV-1a of its lower-case bytes, computed once
/// when the text is split) and confirmed by comparing the words: no hashing per look-up, unlike `Set<String>`, and
/// a miss reads only the keys.
struct WordSet: Sendable, ExpressibleByArrayLiteral {
    /// Open addressing; 0 marks an empty slot (a word whose key is 0 is stored under 1).
    private let keys: [UInt64]
    private let words: [String]
    private let mask: Int

    init(_ words: some Sequence<String>) {
        let distinct = Array(Set(words))
        var capacity = 8
        while capacity < distinct.count * 2 { capacity <<= 1 }
        var keys = [UInt64](repeating: 0, count: capacity)
        var stored = [String](repeating: "", count: capacity)
        for word in distinct {
            let key = Self.stored(Self.key(word))
            var i = Self.slot(key, capacity - 1)
            while keys[i] != 0 { i = (i + 1) & (capacity - 1) }
            keys[i] = key
            stored[i] = word
        }
        self.keys = keys
        self.words = stored
        self.mask = capacity - 1
    }

    init(arrayLiteral words: String...) { self.init(words) }

    /// The key of a lower-case word: FNV-1a over its UTF-8 bytes.
    static func key(_ word: String) -> UInt64 {
        var h = WordKey()
        for b in word.utf8 { h.add(b) }
        return h.value
    }

    @inline(__always) private static func stored(_ key: UInt64) -> UInt64 { key == 0 ? 1 : key }

    @inline(__always) private static func slot(_ key: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: key ^ key >> 29) & mask }

    func contains(_ word: Word) -> Bool { contains(word.lower, key: word.key) }

    private func contains(_ lower: String, key: UInt64) -> Bool {
        let key = Self.stored(key)
        return keys.withUnsafeBufferPointer { keys in
            var i = Self.slot(key, mask)
            while keys[i] != 0 {
                if keys[i] == key, words[i] == lower { return true }
                i = (i + 1) & mask
            }
            return false
        }
    }
}

/// Word phrases matched against a text's words by their keys ("my name is", "moved here from"), grouped by last
/// word so that a word ending none costs one look-up.
struct Phrases: Sendable {
    private let phrases: [[(key: UInt64, word: String)]]
    let lastWords: WordSet

    init(_ phrases: [[String]]) {
        self.phrases = phrases.map { $0.map { (WordSet.key($0), $0) } }
        self.lastWords = WordSet(phrases.compactMap(\.last))
    }

    /// Whether one of the phrases ends at word `k` (inclusive).
    func end(at k: Int, in words: [Word]) -> Bool {
        guard lastWords.contains(words[k]) else { return false }
        for phrase in phrases where phrase.count <= k + 1 {
            var matches = true
            var j = k
            for part in phrase.reversed() {
                if words[j].key != part.key || words[j].lower != part.word { matches = false; break }
                j -= 1
            }
            if matches { return true }
        }
        return false
    }
}

/// FNV-1a, one byte at a time.
struct WordKey {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    @inline(__always) mutating func add(_ b: UInt8) { value = (value ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
}
