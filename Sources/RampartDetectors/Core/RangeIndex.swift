/// Ranges sorted by where they start, with the furthest end reached so far: whether any of them overlaps a given
/// range is a binary search, not a look at each (findings in a large text number in the thousands).
struct RangeIndex {
    private let lowerBounds: [Int]
    /// `furthest[k]`: the largest upper bound of the first `k + 1` ranges.
    private let furthest: [Int]

    init(_ ranges: [Range<Int>]) {
        let sorted = ranges.filter { !$0.isEmpty }.sorted { $0.lowerBound < $1.lowerBound }
        lowerBounds = sorted.map(\.lowerBound)
        var furthest: [Int] = []
        furthest.reserveCapacity(sorted.count)
        for range in sorted { furthest.append(max(furthest.last ?? .min, range.upperBound)) }
        self.furthest = furthest
    }

    /// Whether any range overlaps `range` (as `Range.overlaps`: sharing at least one position).
    func overlaps(_ range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return false }
        // The ranges starting before `range` ends: the first `count` of them.
        var lo = 0, hi = lowerBounds.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if lowerBounds[mid] < range.upperBound { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 && furthest[lo - 1] > range.lowerBound
    }
}
