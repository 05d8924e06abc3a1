import RampartDetectors

/// Values cut across two messages next to each other ("my card is 4111 1111 " and "1111 1111"), which neither
/// message's own scan finds. Each seam is read with `reach` characters of either side run together, for personal data
/// and secrets; a finding across it that overlaps no finding of its category in either message's own scan (an
/// e-mail at the end of one message runs on into the next's first word) is given to both messages as their pieces.
enum MessageSeams {
    /// How many characters of each side a seam is read with: longer than the values that are cut.
    static let reach = 64

    /// For each of `texts` (consecutive messages), the pieces of values cut across its seams with the one before and
    /// the one after, in its own code-point offsets. `own` is each text's own findings.
    static func pieces(_ texts: [String], own: [[Finding]], detectors: Detectors) -> [[Finding]] {
        var pieces = [[Finding]](repeating: [], count: texts.count)
        for a in texts.indices.dropLast() {
            let b = a + 1
            let leftCount = texts[a].unicodeScalars.count
            let left = texts[a].unicodeScalars.suffix(reach), right = texts[b].unicodeScalars.prefix(reach)
            guard !left.isEmpty, !right.isEmpty else { continue }
            var joined = String.UnicodeScalarView(left)
            joined.append(contentsOf: right)
            let seam = left.count, leftStart = leftCount - left.count
            for finding in detectors.scan(String(joined), options: ScanOptions(injection: false)) where finding.start < seam && finding.end > seam {
                var head = finding, tail = finding
                (head.start, head.end) = (leftStart + finding.start, leftCount)
                (tail.start, tail.end) = (0, finding.end - seam)
                guard !own[a].contains(where: { $0.category == head.category && $0.start < head.end && $0.end > head.start }),
                      !own[b].contains(where: { $0.category == tail.category && $0.start < tail.end && $0.end > tail.start })
                else { continue }
                pieces[a].append(head)
                pieces[b].append(tail)
            }
        }
        return pieces
    }
}
