/// Markdown images as CommonMark reads them: inline ones (`![alt](address "title")`, the address in angle brackets
/// or not) and reference definitions (`[label]: address`), which an image (`![alt][label]`) may use.
enum MarkdownImages {
    /// What a piece of Markdown turned out to be.
    enum Reading: Equatable {
        /// Not an image.
        case none
        /// An image (or a definition) from `range.lowerBound` to `range.upperBound`, loading `address`.
        case image(range: Range<Int>, address: Range<Int>)
        /// Still open at the end of the text: it may become an image when more follows.
        case open
    }

    /// Inline images and reference definitions that would load from a host not on `hosts`. With `moreFollows`, an
    /// image still open at the text's end is reported to the end, so that a stream holds it until it closes. Unless
    /// `opensLine`, the text's start is not a line's (where a definition may open). With `every`, each image is
    /// reported, from any host.
    ///
    /// An image's alt text is read two ways, and each image either finds is judged: with brackets alone, and with
    /// code spans and angle brackets binding tighter, as CommonMark binds them ("![`]`](https://attacker.example/)" is
    /// an image). Past the shorter image, reading goes on: what a renderer may show inside the longer is read too.
    ///
    /// Each `![` (and each line opening with `[`) is read on from where it opens, so a text of thousands that never
    /// close would be read over and over: once a reader has gone over eight times the text (and 64 KB), the rest is
    /// one finding. No answer a person reads comes near it.
    static func find(_ t: ByteText, _ hosts: ImageHosts, moreFollows: Bool, opensLine: Bool, every: Bool = false, _ out: inout [RawFinding]) {
        let inline = { (t: ByteText, from: Int, work: inout Int) in inlineImages(t, from: from, moreFollows: moreFollows, work: &work) }
        let definition = { (t: ByteText, from: Int, work: inout Int) in [referenceDefinition(t, from: from, opensLine: opensLine, work: &work)] }
        let budget = 8 * t.count + 65_536
        for kind in [inline, definition] as [(ByteText, Int, inout Int) -> [(Reading, next: Int)]] {
            var i = 0, work = 0
            reading: while i < t.count {
                let readings = kind(t, i, &work)
                // Where what was read opens: an image's start, or the `!` or `[` of what is none or open.
                let start = readings.map { reading in
                    if case let .image(range, _) = reading.0 { range.lowerBound } else { reading.next }
                }.min() ?? t.count
                if work > budget {
                    out.append(AnswerImages.finding(min(i, start)..<t.count))
                    break reading
                }
                let images = readings.compactMap { reading -> (range: Range<Int>, address: Range<Int>)? in
                    if case let .image(range, address) = reading.0 { (range, address) } else { nil }
                }
                // What is open, or a definition's address that reaches the end, may go on: a stream holds it.
                if moreFollows, readings.contains(where: { $0.0 == .open }) || images.contains(where: { $0.range.upperBound == t.count }) {
                    out.append(AnswerImages.finding(start..<t.count))
                    break reading
                }
                for image in images where every || ImageAddress.leaves(t, image.address, hosts) { out.append(AnswerImages.finding(image.range)) }
                i = images.map(\.range.upperBound).min().map { max($0, i + 1) } ?? start + 1
            }
        }
    }

    /// The inline image at the first `!` from `from`, read with brackets alone and with code spans and angle brackets
    /// binding tighter (one reading when they agree). Each with where to read on: the image's end, or the `!` when it
    /// is none or open (`t.count` when there is no `!`). `work` counts the bytes read.
    static func inlineImages(_ t: ByteText, from: Int, moreFollows: Bool, work: inout Int) -> [(Reading, next: Int)] {
        let i = t.next(UInt8(ascii: "!"), from: from)
        guard i + 1 < t.count else { return [(i < t.count ? .open : .none, i)] }
        guard t[i + 1] == UInt8(ascii: "[") else { return [(.none, i)] }
        let plain = closingBracket(t, from: i + 2, work: &work)
        let bound = closingBracket(t, from: i + 2, spansBindTighter: true, moreFollows: moreFollows, work: &work)
        let first = inlineImage(t, at: i, close: plain, work: &work)
        return bound == plain ? [first] : [first, inlineImage(t, at: i, close: bound, work: &work)]
    }

    /// The inline image opening at `i` whose alt text closes at `close` (as `closingBracket` says).
    static func inlineImage(_ t: ByteText, at i: Int, close: Int?, work: inout Int) -> (Reading, next: Int) {
        guard let close else { return (.none, i) }
        guard close < t.count else { return (.open, i) }
        var p = close + 1
        guard p < t.count else { return (.open, i) }
        // `![alt][label]` and `![label]` use a definition, read on its own.
        guard t[p] == UInt8(ascii: "(") else { return (.none, i) }
        p = skipSpace(t, from: p + 1)
        guard let address = address(t, from: p, work: &work) else { return (.none, i) }
        guard address.end < t.count else { return (.open, i) }
        var r = skipSpace(t, from: address.end)
        guard r < t.count else { return (.open, i) }
        if ASCII.oneOf("\"'(", t[r]) {
            guard let titleEnd = titleEnd(t, from: r, work: &work) else { return (.none, i) }
            guard titleEnd < t.count else { return (.open, i) }
            r = skipSpace(t, from: titleEnd + 1)
            guard r < t.count else { return (.open, i) }
        }
        guard t[r] == UInt8(ascii: ")") else { return (.none, i) }
        return (.image(range: i..<(r + 1), address: address.bytes), r + 1)
    }

    /// The reference definition at the first line that opens with `[` (after at most three spaces) from `from`; the
    /// text's start counts as a line's when it `opensLine`. Where to read on as for `inlineImage`.
    static func referenceDefinition(_ t: ByteText, from: Int, opensLine: Bool, work: inout Int) -> (Reading, next: Int) {
        var i = t.next(UInt8(ascii: "["), from: from)
        while i < t.count {
            var lineStart = i
            while lineStart > 0, t[lineStart - 1] == UInt8(ascii: " ") { lineStart -= 1 }
            let opensHere = lineStart == 0 ? opensLine : t[lineStart - 1] == UInt8(ascii: "\n") || t[lineStart - 1] == UInt8(ascii: "\r")
            if i - lineStart <= 3, opensHere { break }
            i = t.next(UInt8(ascii: "["), from: i + 1)
        }
        guard i < t.count else { return (.none, i) }
        guard let close = closingBracket(t, from: i + 1, work: &work) else { return (.none, i) }
        guard close + 1 < t.count else { return (.open, i) }
        guard t[close + 1] == UInt8(ascii: ":") else { return (.none, i) }
        let p = skipSpace(t, from: close + 2)
        guard let address = address(t, from: p, work: &work) else { return (.none, i) }
        return (.image(range: i..<address.end, address: address.bytes), address.end)
    }

    /// The `]` that closes a bracket opened before `from`, nested brackets and backslash escapes skipped; `t.count`
    /// when the text ends first, nil when a blank line does (a paragraph's end). With `spansBindTighter`, a code span
    /// (to the same number of backticks) and what is in angle brackets (a tag, an autolink) are passed over whole;
    /// one the text ends in is text, unless `moreFollows`: then it may close, and the bracket is open.
    static func closingBracket(_ t: ByteText, from: Int, spansBindTighter: Bool = false, moreFollows: Bool = false, work: inout Int) -> Int? {
        var depth = 1, j = from
        defer { work += j - from }
        while j < t.count {
            if spansBindTighter {
                switch span(t, at: j, work: &work) {
                case .closed(let end):
                    j = end
                    continue
                case .open where moreFollows: return t.count
                case .open, .none: break
                }
            }
            switch t[j] {
            case UInt8(ascii: "\\"): j += 1
            case UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return j }
            case UInt8(ascii: "\n"):
                if blankLine(t, after: j) { return nil }
            default: break
            }
            j += 1
        }
        return t.count
    }

    /// A code span or an angle-bracketed tag or autolink at a byte.
    enum Span {
        /// None opens there: a lone backtick or `<` is text.
        case none
        /// It ends before this offset.
        case closed(Int)
        /// The text ends inside it.
        case open
    }

    /// The code span or angle-bracketed tag or autolink opening at `j`, in its paragraph. `work` counts the bytes read.
    static func span(_ t: ByteText, at j: Int, work: inout Int) -> Span {
        var k = j
        defer { work += k - j }
        if t[j] == UInt8(ascii: "`") {
            var n = j
            while n < t.count, t[n] == UInt8(ascii: "`") { n += 1 }
            let run = n - j
            k = n
            while k < t.count {
                if t[k] == UInt8(ascii: "\n"), blankLine(t, after: k) { return .none }
                if t[k] == UInt8(ascii: "`") {
                    var m = k
                    while m < t.count, t[m] == UInt8(ascii: "`") { m += 1 }
                    if m - k == run { return .closed(m) }
                    k = m
                } else {
                    k += 1
                }
            }
            return .open
        }
        guard t[j] == UInt8(ascii: "<") else { return .none }
        guard j + 1 < t.count else { return .open }
        guard ASCII.isLetter(t[j + 1]) || ASCII.oneOf("/!?", t[j + 1]) else { return .none }
        k = j + 1
        while k < t.count, t[k] != UInt8(ascii: ">") {
            if t[k] == UInt8(ascii: "\n"), blankLine(t, after: k) { return .none }
            k += 1
        }
        return k < t.count ? .closed(k + 1) : .open
    }

    /// An address from `p`: in angle brackets (to the `>`, on one line) or up to white space or an unbalanced `)`.
    /// Its bytes and where it ends (`t.count` when the text ends first); nil when it is not one.
    static func address(_ t: ByteText, from p: Int, work: inout Int) -> (bytes: Range<Int>, end: Int)? {
        guard p < t.count else { return (p..<p, p) }
        var q = p
        defer { work += q - p }
        if t[p] == UInt8(ascii: "<") {
            q = p + 1
            while q < t.count, t[q] != UInt8(ascii: ">") {
                if t[q] == UInt8(ascii: "\n") || t[q] == UInt8(ascii: "<") { return nil }
                q += t[q] == UInt8(ascii: "\\") ? 2 : 1
            }
            return q < t.count ? ((p + 1)..<q, q + 1) : ((p + 1)..<t.count, t.count)
        }
        var depth = 0
        while q < t.count, t[q] > 0x20, t[q] != 0x7F {
            if t[q] == UInt8(ascii: "\\") { q += 2; continue }
            if t[q] == UInt8(ascii: "(") { depth += 1 }
            if t[q] == UInt8(ascii: ")") {
                if depth == 0 { break }
                depth -= 1
            }
            q += 1
        }
        q = min(q, t.count)
        return (p..<q, q)
    }

    /// The closing quote (or parenthesis) of a title opened at `r`; `t.count` when the text ends first, nil when a
    /// blank line does.
    static func titleEnd(_ t: ByteText, from r: Int, work: inout Int) -> Int? {
        let closer = t[r] == UInt8(ascii: "(") ? UInt8(ascii: ")") : t[r]
        var j = r + 1
        defer { work += j - r }
        while j < t.count, t[j] != closer {
            if t[j] == UInt8(ascii: "\n"), blankLine(t, after: j) { return nil }
            j += t[j] == UInt8(ascii: "\\") ? 2 : 1
        }
        return min(j, t.count)
    }

    /// Past spaces and tabs, and at most one line break.
    static func skipSpace(_ t: ByteText, from p: Int) -> Int {
        var p = p, breaks = 0
        while p < t.count, t[p] == UInt8(ascii: " ") || t[p] == UInt8(ascii: "\t") || t[p] == UInt8(ascii: "\n") && breaks == 0 {
            if t[p] == UInt8(ascii: "\n") { breaks += 1 }
            p += 1
        }
        return p
    }

    /// Whether the line after the line break at `j` is blank (spaces and tabs only).
    static func blankLine(_ t: ByteText, after j: Int) -> Bool {
        var k = j + 1
        while k < t.count, t[k] == UInt8(ascii: " ") || t[k] == UInt8(ascii: "\t") || t[k] == UInt8(ascii: "\r") { k += 1 }
        return k < t.count && t[k] == UInt8(ascii: "\n")
    }
}
