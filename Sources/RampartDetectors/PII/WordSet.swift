/// A set of lower-case words looked up by the key each `Word` carries (FNV-1a of its lower-case bytes, computed once
/// when the text is split) and confirmed by comparing the words: no hashing per look-up, unlike `Set<String>`.
struct WordSet: Sendable, ExpressibleByArrayLiteral {
    private let slots: [(key: UInt64, word: String)?]
    private let mask: Int

    init(_ words: some Sequence<String>) {
        let distinct = Array(Set(words))
        var capacity = 8
        while capacity < distinct.count * 2 { capacity <<= 1 }
        var slots = [(key: UInt64, word: String)?](repeating: nil, count: capacity)
        for word in distinct {
            let key = Self.key(word)
            var i = Self.slot(key, capacity - 1)
            while slots[i] != nil { i = (i + 1) & (capacity - 1) }
            slots[i] = (key, word)
        }
        self.slots = slots
        self.mask = capacity - 1
    }

    init(arrayLiteral words: String...) { self.init(words) }

    /// The key of a lower-case word: FNV-1a over its UTF-8 bytes.
    static func key(_ word: String) -> UInt64 {
        var h = WordKey()
        for b in word.utf8 { h.add(b) }
        return h.value
    }

    @inline(__always) private static func slot(_ key: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: key ^ key >> 29) & mask }

    func contains(_ word: Word) -> Bool { contains(word.lower, key: word.key) }

    private func contains(_ lower: String, key: UInt64) -> Bool {
        var i = Self.slot(key, mask)
        while let slot = slots[i] {
            if slot.key == key, slot.word == lower { return true }
            i = (i + 1) & mask
        }
        return false
    }
}

/// FNV-1a, one byte at a time.
struct WordKey {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    @inline(__always) mutating func add(_ b: UInt8) { value = (value ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
}
