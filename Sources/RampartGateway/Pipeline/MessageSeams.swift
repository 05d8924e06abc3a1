import RampartDetectors

/// Values cut across two messages next to each other ("my card is 4111 1111 " and "1111 1111"), which neither
/// message's own scan finds. Each seam is read with `reach` characters of either side run together, for personal data
/// and secrets; a finding across it that overlaps no finding of its category in either message's own scan (an
/// e-mail at the end of one message runs on into the next's first word) is given to both messages as their pieces.
enum MessageSeams {
    /// How many characters of each side a seam is read with, at least: a word that this cuts is taken whole, up to
    /// `longestWord` characters, so a long token cut at the seam (a JWT, a key) is read whole too.
    static let reach = 64, longestWord = 16_384

    /// For each of `texts` (consecutive messages), the pieces of values cut across its seams with the one before and
    /// the one after, in its own code-point offsets. `own` is each text's own findings.
    static func pieces(_ texts: [String], own: [[Finding]], detectors: Detectors) -> [[Finding]] {
        var pieces = [[Finding]](repeating: [], count: texts.count)
        for a in texts.indices.dropLast() {
            let b = a + 1
            let leftCount = texts[a].unicodeScalars.count
            let left = Self.side(texts[a].unicodeScalars.reversed()).reversed(), right = Self.side(texts[b].unicodeScalars)
            guard !left.isEmpty, !right.isEmpty else { continue }
            var joined = String.UnicodeScalarView(left)
            joined.append(contentsOf: right)
            let seam = left.count, leftStart = leftCount - left.count
            for finding in detectors.scan(String(joined), options: ScanOptions(injection: false)) where finding.start < seam && finding.end > seam {
                var head = finding, tail = finding
                (head.start, head.end) = (leftStart + finding.start, leftCount)
                (tail.start, tail.end) = (0, finding.end - seam)
                guard !overlaps(head, own[a]), !overlaps(tail, own[b]) else { continue }
                pieces[a].append(head)
                pieces[b].append(tail)
            }
        }
        return pieces
    }

    /// Whether `piece` overlaps one of `findings` of its category.
    static func overlaps(_ piece: Finding, _ findings: [Finding]) -> Bool {
        findings.contains { $0.category == piece.category && $0.start < piece.end && $0.end > piece.start }
    }

    /// The first `reach` characters of `side` (read from the seam outward), and the rest of the word they end in.
    static func side(_ side: some Sequence<Unicode.Scalar>) -> [Unicode.Scalar] {
        var taken: [Unicode.Scalar] = []
        for scalar in side {
            guard taken.count < reach || taken.count < longestWord && !scalar.properties.isWhitespace else { break }
            taken.append(scalar)
        }
        return taken
    }
}
