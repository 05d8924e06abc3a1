/// A finding in byte offsets, before offsets are mapped to code points.
struct RawFinding: Sendable, Hashable {
    var category: Finding.Category
    var type: String
    var range: Range<Int>
    var score: Double = 1
}

/// A finding's category and range, without its type: where a payload's other kinds of value are matched to the
/// finding kept on its range.
struct PlacedCategory: Hashable {
    var category: Finding.Category
    var range: Range<Int>

    init(_ finding: RawFinding) { (category, range) = (finding.category, finding.range) }
}

extension Array where Element == RawFinding {
    /// Keeps, of overlapping findings of one category, the longest (earlier on ties); other categories are kept.
    func resolvingOverlaps() -> [RawFinding] {
        guard count > 1 else { return self }
        var kept: [RawFinding] = []
        kept.reserveCapacity(count)
        // Sorted by start (longest first), a finding can overlap only the kept one of its category that reaches
        // furthest: track that one per category.
        // By the category's place in `allCases` (on the stack, not a dictionary hashed per finding); -1: none yet.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: Finding.Category.slotCount) { furthest in
            furthest.initialize(repeating: -1)
            for finding in sorted(by: { ($0.range.lowerBound, -$0.range.count) < ($1.range.lowerBound, -$1.range.count) }) {
                let slot = finding.category.slot
                if case let index = furthest[slot], index >= 0, kept[index].range.overlaps(finding.range) {
                    if kept[index].range.count < finding.range.count { kept[index] = finding }
                    continue
                }
                kept.append(finding)
                if case let index = furthest[slot], index >= 0, kept[index].range.upperBound >= finding.range.upperBound { continue }
                furthest[slot] = kept.count - 1
            }
        }
        return kept
    }
}

extension Array where Element == RawFinding {
    /// The findings of a text read as written (these) and read folded (`folded`, in the written text's offsets). A
    /// folded finding that overlaps none here of its category is added. One that reaches past every finding here of
    /// its category that it overlaps takes their place: folded, the text showed whole what as written it showed in
    /// part ("+33 6\u{200B}12 34 56 78" was "12 34 56 78"). Any other folded finding is left out: what the text as
    /// written showed stands, as an invisible character can as well stand for a space ("SSN\u{200B}512-96-1600").
    func merging(folded: [RawFinding]) -> [RawFinding] {
        guard !isEmpty else { return folded }
        let slots = 0..<Finding.Category.slotCount
        let written = slots.map { slot in RangeIndex(self) { $0.category.slot == slot } }
        let writtenRanges = slots.map { slot in Set(lazy.filter { $0.category.slot == slot }.map(\.range)) }
        var added: [RawFinding] = [], replacing = [[Range<Int>]](repeating: [], count: slots.count)
        for finding in folded {
            let slot = finding.category.slot
            if !written[slot].overlaps(finding.range) {
                added.append(finding)
            } else if written[slot].within(finding.range), !writtenRanges[slot].contains(finding.range) {
                added.append(finding)
                replacing[slot].append(finding.range)
            }
        }
        guard replacing.contains(where: { !$0.isEmpty }) else { return self + added }
        // A written finding that a replacing one overlaps lies within it.
        let replaced = replacing.map(RangeIndex.init)
        return filter { !replaced[$0.category.slot].overlaps($0.range) } + added
    }
}

extension Finding.Category {
    /// The number of categories (`allCases` makes an array each time it is read).
    static let slotCount = allCases.count

    /// The category's place among `allCases`.
    var slot: Int {
        switch self {
        case .pii: 0
        case .secret: 1
        case .injection: 2
        case .canary: 3
        case .exfiltration: 4
        }
    }
}
