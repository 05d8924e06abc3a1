import RampartDetectors
import Testing

/// `Redactor` on findings as the detectors make them, overlaps included (a secret's span holding an address, two
/// rules reading the same digits): every covered character is replaced once and the text around stays whole.
@Suite struct RedactorTests {
    static func pii(_ type: String, _ range: Range<Int>) -> Finding { Finding(category: .pii, type: type, start: range.lowerBound, end: range.upperBound) }

    static let cases: [(String, [Finding], String)] = [
        ("no findings", [], "no findings"),
        ("mail a@b.co now", [pii("E", 5..<11)], "mail [E] now"),
        ("ab cd ef", [pii("B", 3..<5), pii("A", 0..<2), pii("C", 6..<8)], "[A] [B] [C]"),
        // An address inside a database URL: the URL's placeholder alone.
        ("x postgres://u:pw@db.example.com:5432/app y", [pii("URL", 2..<37), pii("EMAIL", 15..<32)], "x [URL]/app y"),
        // The same start: the longer finding first.
        ("0123456789 end", [pii("SHORT", 0..<4), pii("LONG", 0..<10)], "[LONG] end"),
        // Overlapping in part: the later replaces only what the earlier left.
        ("0123456789 end", [pii("A", 0..<6), pii("B", 4..<10)], "[A][B] end"),
        // Code points, not bytes or characters: é and the flag are one and two code points.
        ("é 🇫🇷 a@b.co!", [pii("E", 5..<11)], "é 🇫🇷 [E]!"),
        // A finding is cut at the end of the text; one wholly past it is dropped.
        ("short", [pii("X", 3..<99)], "sho[X]"),
        ("short", [pii("X", 7..<9)], "short"),
    ]

    @Test(arguments: cases)
    func findingsAreReplacedOnce(text: String, findings: [Finding], expected: String) {
        #expect(Redactor.redact(text, findings) == expected)
    }

    /// Injection findings mark where an attack is and stay; findings inside one are still replaced.
    @Test func injectionFindingsLeaveTheirText() {
        let text = "call 0123456789 today"
        let findings = [Finding(category: .injection, type: "PROMPT_INJECTION", start: 0, end: 21), Self.pii("PHONE", 5..<15)]
        #expect(Redactor.redact(text, findings) == "call [PHONE] today")
    }

    /// A span over a text cut in parts (the content parts of one message): the part where it starts gets the
    /// replacement, the others lose their piece of it, and spans that miss a part leave it.
    @Test(arguments: [
        (0..<10, 0..<4, Redactor.Span(0..<4, "[X]")),
        (0..<10, 4..<8, Redactor.Span(0..<4, "")),
        (0..<10, 8..<12, Redactor.Span(0..<2, "")),
        (0..<10, 10..<12, nil),
        (2..<3, 0..<4, Redactor.Span(2..<3, "[X]")),
        (5..<9, 0..<5, nil),
    ] as [(Range<Int>, Range<Int>, Redactor.Span?)])
    func spansAreClippedToParts(span: Range<Int>, part: Range<Int>, expected: Redactor.Span?) {
        #expect(Redactor.Span(span, "[X]").clipped(to: part) == expected)
    }
}
