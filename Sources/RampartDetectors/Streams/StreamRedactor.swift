/// Scans a text that arrives in pieces (a streamed completion) and lets out only what is safe: it holds back the
/// last `holdBack` characters, so a secret or an identifier split across pieces is seen whole before any of it is
/// released, and replaces findings by their type. A pure state machine: feed pieces, get text to send.
public struct StreamRedactor: Sendable {
    public let holdBack: Int
    let detectors: Detectors
    let options: ScanOptions
    /// Which findings to replace.
    let redacts: @Sendable (Finding) -> Bool
    private var pending: [Unicode.Scalar] = []
    /// Findings seen so far, with their offsets in the whole stream.
    public private(set) var findings: [Finding] = []
    private var released = 0

    public init(detectors: Detectors, options: ScanOptions, holdBack: Int = 256, redacts: @escaping @Sendable (Finding) -> Bool) {
        self.detectors = detectors
        self.options = options
        self.holdBack = holdBack
        self.redacts = redacts
    }

    /// Takes the next piece; returns the text that may be sent now (possibly empty).
    public mutating func feed(_ text: String) -> String {
        pending.append(contentsOf: text.unicodeScalars)
        guard pending.count > holdBack else { return "" }
        return release(upTo: pending.count - holdBack)
    }

    /// The stream ended: everything still held, scanned and redacted.
    public mutating func finish() -> String {
        release(upTo: pending.count)
    }

    private mutating func release(upTo proposed: Int) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: pending)
        let text = String(view)
        let found = detectors.scan(text, options: options)
        var cut = proposed
        // Never cut through a finding: hold it back whole until it can be released whole (a private key still
        // being written is a finding to the end of the text, so all of it waits for its end marker).
        while let straddling = found.first(where: { $0.start < cut && $0.end > cut }) { cut = straddling.start }
        let released = found.filter { $0.end <= cut }
        for finding in released {
            findings.append(Finding(category: finding.category, type: finding.type, start: finding.start + self.released,
                                    end: finding.end + self.released, score: finding.score))
        }
        var out = Array(pending[..<cut])
        for finding in released.filter(redacts).sorted(by: { $0.start > $1.start }) {
            out.replaceSubrange(finding.start..<finding.end, with: "[\(finding.type)]".unicodeScalars)
        }
        pending.removeFirst(cut)
        self.released += cut
        var result = String.UnicodeScalarView()
        result.append(contentsOf: out)
        return String(result)
    }
}
