/// Lower-case words and what each is to the detectors that read words (`WordRoles`), looked up by the `Spelling` each
/// `Word` carries: no `String` per look-up, and a miss reads only the keys.
///
/// `Words.split` looks each word up once and keeps its roles, so a detector asking "is this a title, a month, a first
/// name?" tests a bit instead of hashing into a set of its own: a word of a 4 KB prompt was looked up in seven sets.
struct WordLexicon: Sendable {
    /// Open addressing; a zero key marks an empty slot (a word whose key is 0 is stored under 1).
    private let keys: [UInt64]
    private let spellings: [Spelling]
    private let roles: [WordRoles]
    private let mask: Int

    /// The words of each list with its roles; a word in several lists has all of theirs. Merged in the table itself
    /// (a word met again has its roles added where it is), sized for every list's words as if none repeated.
    init(_ lists: [(WordRoles, [Spelling])]) {
        var capacity = 8
        while capacity < lists.reduce(0, { $0 + $1.1.count }) * 2 { capacity <<= 1 }
        let mask = capacity - 1
        var keys = [UInt64](repeating: 0, count: capacity)
        var stored = [Spelling](repeating: Spelling(), count: capacity)
        var storedRoles = [WordRoles](repeating: [], count: capacity)
        for (roles, spellings) in lists {
            for spelling in spellings {
                let key = Self.stored(spelling.key)
                var i = Self.slot(key, mask)
                while keys[i] != 0, keys[i] != key || stored[i] != spelling { i = (i + 1) & mask }
                keys[i] = key
                stored[i] = spelling
                storedRoles[i].formUnion(roles)
            }
        }
        self.keys = keys
        self.spellings = stored
        self.roles = storedRoles
        self.mask = mask
    }

    /// A lexicon with no words: every word has no role.
    static let empty = WordLexicon([])

    /// The words the lexicon holds.
    var members: [Spelling] { keys.indices.filter { keys[$0] != 0 }.map { spellings[$0] } }

    @inline(__always) private static func stored(_ key: UInt64) -> UInt64 { key == 0 ? 1 : key }

    @inline(__always) private static func slot(_ key: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: key ^ key >> 29) & mask }

    /// The roles of `spelling`, whose `key` is given; none for a word the lexicon does not hold.
    @inline(__always) func roles(of spelling: Spelling, key: UInt64) -> WordRoles {
        let key = Self.stored(key)
        return keys.withUnsafeBufferPointer { keys in
            var i = Self.slot(key, mask)
            while keys[i] != 0 {
                if keys[i] == key, spellings[i] == spelling { return roles[i] }
                i = (i + 1) & mask
            }
            return []
        }
    }
}
