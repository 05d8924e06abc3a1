/// A pasted conversation: a line that opens with the person's label ("User:", "Human:", "Q:", "**Customer:**"). In
/// such a text, "Assistant:" or "AI:" at a line's start names who speaks the next line, not whom it addresses: the
/// words after it are an answer quoted, not an instruction slipped to the model.
enum TranscriptLabels {
    static let humanLabels: [[UInt8]] = ["user", "human", "me", "customer", "client", "q", "question", "you", "patient", "student"]
        .map { Array($0.utf8) }

    /// Whether a line of `t` opens with a person's label and its colon (after spaces and Markdown's `*`, `#`, `>`,
    /// `-`; "**User:**" too).
    static func hasHumanLabel(_ t: ByteText) -> Bool {
        var line = 0
        while line < t.count {
            var i = line
            while i < t.count, ASCII.oneOf(" \t*#>-", t[i]) { i += 1 }
            var j = i
            while j < t.count, j - i <= 8, ASCII.isLetter(t[j]) { j += 1 }
            if j > i, j < t.count, humanLabels.contains(where: { $0.count == j - i && ASCII.hasPrefix(t, at: i, $0) }) {
                var k = j
                while k < t.count, t[k] == UInt8(ascii: "*") { k += 1 }
                if k < t.count, t[k] == UInt8(ascii: ":") { return true }
            }
            line = t.next(UInt8(ascii: "\n"), from: line) + 1
        }
        return false
    }
}
