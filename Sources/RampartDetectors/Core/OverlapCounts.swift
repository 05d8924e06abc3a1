/// How many findings of each kind (category and type) overlap a range, answered by binary search: a range overlaps
/// as many non-empty ranges as start before its end, less those that end by its start (a large text's findings and
/// encoded payloads number in the thousands each).
struct OverlapCounts {
    private struct Kind: Hashable {
        var category: Finding.Category
        var type: String
    }

    /// Each kind's lower bounds and upper bounds, each sorted.
    private var bounds: [Kind: (lowers: [Int], uppers: [Int])] = [:]

    init(_ findings: [RawFinding]) {
        for finding in findings where !finding.range.isEmpty {
            let kind = Kind(category: finding.category, type: finding.type)
            bounds[kind, default: ([], [])].lowers.append(finding.range.lowerBound)
            bounds[kind, default: ([], [])].uppers.append(finding.range.upperBound)
        }
        for kind in bounds.keys {
            bounds[kind]?.lowers.sort()
            bounds[kind]?.uppers.sort()
        }
    }

    /// The number of findings of `category` and `type` whose ranges overlap `range` (as `Range.overlaps`).
    func count(_ category: Finding.Category, _ type: String, overlapping range: Range<Int>) -> Int {
        guard !range.isEmpty, let kind = bounds[Kind(category: category, type: type)] else { return 0 }
        return Self.count(in: kind.lowers, below: range.upperBound) - Self.count(in: kind.uppers, below: range.lowerBound + 1)
    }

    /// How many of `sorted` are less than `value`.
    private static func count(in sorted: [Int], below value: Int) -> Int {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
