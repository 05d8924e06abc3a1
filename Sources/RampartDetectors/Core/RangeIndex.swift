/// Ranges sorted by where they start, with the furthest end reached so far: whether any of them overlaps a given
/// range is a binary search, not a look at each (findings in a large text number in the thousands).
struct RangeIndex {
    /// Each range's lower bound, in order, with the largest upper bound of it and the ranges before it.
    private let bounds: [(lower: Int, furthest: Int)]

    init(_ ranges: some Collection<Range<Int>>) {
        self.init(capacity: ranges.count) { add in ranges.forEach(add) }
    }

    /// The ranges of the findings that `include` keeps.
    init(_ findings: [RawFinding], where include: (RawFinding) -> Bool) {
        self.init(capacity: findings.count) { add in
            for finding in findings where include(finding) { add(finding.range) }
        }
    }

    /// The ranges that `ranges` adds, at most `capacity` of them: one array, sized once (not grown by appending),
    /// sorted and then run through in place.
    private init(capacity: Int, _ ranges: ((Range<Int>) -> Void) -> Void) {
        var bounds: [(lower: Int, furthest: Int)] = []
        bounds.reserveCapacity(capacity)
        ranges { range in if !range.isEmpty { bounds.append((range.lowerBound, range.upperBound)) } }
        bounds.sort { $0.lower < $1.lower }
        for k in bounds.indices.dropFirst() { bounds[k].furthest = max(bounds[k].furthest, bounds[k - 1].furthest) }
        self.bounds = bounds
    }

    /// Whether there is no (non-empty) range.
    var isEmpty: Bool { bounds.isEmpty }

    /// Whether any range overlaps `range` (as `Range.overlaps`: sharing at least one position).
    func overlaps(_ range: Range<Int>) -> Bool {
        !range.isEmpty && furthestEnd(ofThoseStartingBefore: range.upperBound) > range.lowerBound
    }

    /// Whether every range that overlaps `range` lies within it (true when none does).
    func within(_ range: Range<Int>) -> Bool {
        furthestEnd(ofThoseStartingBefore: range.lowerBound) <= range.lowerBound
            && furthestEnd(ofThoseStartingBefore: range.upperBound) <= range.upperBound
    }

    /// Whether a range starts before `range` does and ends no earlier than it does.
    func reaches(startingBefore range: Range<Int>) -> Bool {
        furthestEnd(ofThoseStartingBefore: range.lowerBound) >= range.upperBound
    }

    /// The largest upper bound of the ranges that start before `position`, or `Int.min` when none does.
    private func furthestEnd(ofThoseStartingBefore position: Int) -> Int {
        var lo = 0, hi = bounds.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if bounds[mid].lower < position { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 ? bounds[lo - 1].furthest : .min
    }
}
