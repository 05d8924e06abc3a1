/// A finding in byte offsets, before offsets are mapped to code points.
struct RawFinding: Sendable, Hashable {
    var category: Finding.Category
    var type: String
    var range: Range<Int>
    var score: Double = 1
}

extension Array where Element == RawFinding {
    /// Keeps, of overlapping findings of one category, the longest (earlier on ties); other categories are kept.
    func resolvingOverlaps() -> [RawFinding] {
        guard count > 1 else { return self }
        var kept: [RawFinding] = []
        kept.reserveCapacity(count)
        // Sorted by start (longest first), a finding can overlap only the kept one of its category that reaches
        // furthest: track that one per category.
        // By the category's place in `allCases` (an array, not a dictionary hashed per finding); -1: none yet.
        var furthest = [Int](repeating: -1, count: Finding.Category.slotCount)
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
        return kept
    }
}

extension Array where Element == RawFinding {
    /// Those of `more` that overlap no finding of their category here: what a second reading of the text adds to
    /// the first, which keeps what it found.
    func uncovered(_ more: [RawFinding]) -> [RawFinding] {
        guard !isEmpty else { return more }
        // Each category's ranges merged into disjoint ones, in order, for a binary search per finding.
        var covered = [[Range<Int>]](repeating: [], count: Finding.Category.slotCount)
        for finding in sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            let slot = finding.category.slot
            if let last = covered[slot].last, finding.range.lowerBound <= last.upperBound {
                covered[slot][covered[slot].count - 1] = last.lowerBound..<Swift.max(last.upperBound, finding.range.upperBound)
            } else {
                covered[slot].append(finding.range)
            }
        }
        return more.filter { finding in
            let ranges = covered[finding.category.slot]
            // The first merged range that ends after the finding starts: the only one it can overlap first.
            var lo = 0, hi = ranges.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if ranges[mid].upperBound <= finding.range.lowerBound { lo = mid + 1 } else { hi = mid }
            }
            return lo == ranges.count || ranges[lo].lowerBound >= finding.range.upperBound
        }
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
        }
    }
}
