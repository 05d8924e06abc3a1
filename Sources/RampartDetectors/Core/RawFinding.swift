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
        var kept: [RawFinding] = []
        for finding in sorted(by: { ($0.range.lowerBound, -$0.range.count) < ($1.range.lowerBound, -$1.range.count) }) {
            if let last = kept.lastIndex(where: { $0.category == finding.category && $0.range.overlaps(finding.range) }) {
                if kept[last].range.count < finding.range.count { kept[last] = finding }
                continue
            }
            kept.append(finding)
        }
        return kept
    }
}
