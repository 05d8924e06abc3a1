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
        // Sorted by start (longest first), a finding can overlap only the kept one of its category that reaches
        // furthest: track that one per category.
        var furthest: [Finding.Category: Int] = [:]
        for finding in sorted(by: { ($0.range.lowerBound, -$0.range.count) < ($1.range.lowerBound, -$1.range.count) }) {
            if let index = furthest[finding.category], kept[index].range.overlaps(finding.range) {
                if kept[index].range.count < finding.range.count { kept[index] = finding }
                continue
            }
            kept.append(finding)
            if let index = furthest[finding.category], kept[index].range.upperBound >= finding.range.upperBound { continue }
            furthest[finding.category] = kept.count - 1
        }
        return kept
    }
}
