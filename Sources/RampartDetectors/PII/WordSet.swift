/// A set of lower-case words looked up by the `Spelling` each `Word` carries: a `WordLexicon` whose words have one
/// role, being in the set.
struct WordSet: Sendable, ExpressibleByArrayLiteral {
    private let lexicon: WordLexicon

    init(_ words: some Sequence<String>) { lexicon = WordLexicon([(.listed, words.map(Spelling.init))]) }

    init(arrayLiteral words: String...) { self.init(words) }

    /// The words of the set.
    var members: [Spelling] { lexicon.members }

    func contains(_ word: Word) -> Bool { !lexicon.roles(of: word.spelling, key: word.key).isEmpty }

    func contains(_ spelling: Spelling) -> Bool { !lexicon.roles(of: spelling, key: spelling.key).isEmpty }
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
