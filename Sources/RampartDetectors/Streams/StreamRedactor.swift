/// Scans a text that arrives in pieces (a streamed completion) and lets out only what is safe: it holds back the
/// last `holdBack` characters, so a secret or an identifier split across pieces is seen whole before any of it is
/// released, and replaces findings by their type. A pure state machine: feed pieces, get text to send.
///
/// Text is let out in steps of at least `releaseStep` characters: each step scans the held-back window again, so
/// releasing after every piece of a token-by-token stream would scan each character some sixty times.
///
/// A run of characters without white space that reaches the end of what is held is held whole, up to
/// `longestHeldRun` characters: a token longer than the hold-back (a JWT of a kilobyte) is scanned whole once it
/// ends, where a window over its parts would not recognize it.
public struct StreamRedactor: Sendable {
    public let holdBack: Int
    public let releaseStep: Int
    public let longestHeldRun: Int
    let detectors: Detectors
    let options: ScanOptions
    /// Which findings to replace.
    let redacts: @Sendable (Finding) -> Bool
    /// The text not yet released, and how many code points it holds (what findings count in).
    private var pending = ""
    private var pendingCount = 0
    /// Where the run of characters without white space at the end of `pending` starts.
    private var runStart = 0
    /// Findings seen so far, with their offsets in the whole stream.
    public private(set) var findings: [Finding] = []
    private var released = 0
    /// Whether what is held opens a line: nothing was let out yet, or what was ended with a line break.
    private var opensLine = true
    /// How many times the held text has been scanned.
    public private(set) var scans = 0

    /// - Parameters:
    ///   - holdBack: how many of the latest characters are held until more text follows them.
    ///   - releaseStep: how many characters past the hold-back wait for a scan; the client sees text up to
    ///     `holdBack + releaseStep - 1` characters after the upstream sent it.
    ///   - longestHeldRun: how long a run without white space may grow, held whole, before it is released in parts
    ///     (what is held stays bounded).
    public init(detectors: Detectors, options: ScanOptions, holdBack: Int = 256, releaseStep: Int = 64, longestHeldRun: Int = 16_384,
                redacts: @escaping @Sendable (Finding) -> Bool) {
        self.detectors = detectors
        self.options = options
        self.holdBack = holdBack
        self.releaseStep = max(1, releaseStep)
        self.longestHeldRun = longestHeldRun
        self.redacts = redacts
    }

    /// Takes the next piece; returns the text that may be sent now (possibly empty).
    public mutating func feed(_ text: String) -> String {
        pending += text
        for scalar in text.unicodeScalars {
            pendingCount += 1
            if scalar.value < 0x80 ? scalar.value == 0x20 || scalar.value &- 0x09 < 5 : scalar.properties.isWhitespace { runStart = pendingCount }
        }
        guard pendingCount >= holdBack + releaseStep else { return "" }
        var cut = pendingCount - holdBack
        // Never cut through the run at the end: it may be a token still being written.
        if cut > runStart, pendingCount - runStart <= longestHeldRun { cut = runStart }
        return cut > 0 ? release(upTo: cut, final: false) : ""
    }

    /// The stream ended: everything still held, scanned and redacted.
    public mutating func finish() -> String {
        pending.isEmpty ? "" : release(upTo: pendingCount, final: true)
    }

    /// Scans what is held and lets out what is before `proposed` and no finding; `final` when the stream has ended
    /// (until then, what is still open at the end of the held text is held whole: `ScanOptions.moreFollows`).
    private mutating func release(upTo proposed: Int, final: Bool) -> String {
        var options = options
        options.moreFollows = !final
        options.opensLine = opensLine
        let found = detectors.scan(pending, options: options)
        scans += 1
        var cut = proposed
        // Never cut through a finding: hold it back whole until it can be released whole (a private key still being
        // written is a finding to the end of the text, so all of it waits for its end marker). Nor through an answer's
        // image, wherever it loads from (the next window would read its rest afresh), nor after a line's opening
        // spaces alone (what follows them would read as the middle of a line). Each move may make another.
        let held = found.map { $0.start..<$0.end } + (final ? [] : detectors.imageConstructs(pending, options: options))
        while true {
            let before = cut
            while let straddling = held.first(where: { $0.lowerBound < cut && $0.upperBound > cut }) { cut = straddling.lowerBound }
            if !final { cut = lineOpening(before: cut) }
            if cut == before { break }
        }
        let released = found.filter { $0.end <= cut }
        for finding in released {
            findings.append(Finding(category: finding.category, type: finding.type, start: finding.start + self.released,
                                    end: finding.end + self.released, score: finding.score))
        }
        let end = pending.unicodeScalars.index(pending.startIndex, offsetBy: cut)
        if cut > 0 { opensLine = pending.unicodeScalars[pending.unicodeScalars.index(before: end)] == "\n" }
        let out = Redactor.redact(String(pending[..<end]), spans: released.filter(redacts).map(Redactor.placeholder))
        pending = String(pending[end...])
        pendingCount -= cut
        runStart = max(0, runStart - cut)
        self.released += cut
        return out
    }

    /// Where the line holding `cut` starts, when one to three spaces stand between them (a line's opening that a
    /// Markdown definition may follow); else `cut`. So what is held stays bounded: four spaces open no definition.
    private func lineOpening(before cut: Int) -> Int {
        let scalars = pending.unicodeScalars
        var k = cut, index = scalars.index(scalars.startIndex, offsetBy: cut)
        while k > 0 {
            let before = scalars.index(before: index)
            if scalars[before] == "\n" || scalars[before] == "\r" { return k }
            guard scalars[before] == " ", cut - k < 3 else { return cut }
            (k, index) = (k - 1, before)
        }
        return opensLine ? 0 : cut
    }
}
