import RampartDetectors
import Testing

@Suite struct StreamRedactorTests {
    static let token = "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"
    static let text = "Sure. Set GITHUB_TOKEN to \(token) and mail ops@example.com when done; " + String(repeating: "then wait. ", count: 40)

    func run(_ pieces: [String], holdBack: Int = 128) -> (String, [String]) {
        var redactor = StreamRedactor(detectors: .standard, options: ScanOptions(injection: false), holdBack: holdBack) { _ in true }
        var sent: [String] = []
        for piece in pieces { sent.append(redactor.feed(piece)) }
        sent.append(redactor.finish())
        return (sent.joined(), sent)
    }

    /// However the text is cut into pieces, what is sent is the redacted whole, and no part of the secret leaves.
    @Test(arguments: [1, 2, 3, 5, 7, 13, 40, 200])
    func everySplitGivesTheSameRedactedText(pieceLength: Int) {
        let scalars = Array(Self.text.unicodeScalars)
        let pieces = stride(from: 0, to: scalars.count, by: pieceLength).map { start in
            String(String.UnicodeScalarView(scalars[start..<min(scalars.count, start + pieceLength)]))
        }
        let (whole, sent) = run(pieces)
        #expect(whole.hasPrefix("Sure. Set GITHUB_TOKEN to [GITHUB_TOKEN] and mail [EMAIL_ADDRESS] when done;"), "\(whole.prefix(90))")
        for fragment in sent { #expect(!fragment.contains("ghp_") && !fragment.contains("wWPw5k4aXcaT")) }
    }

    @Test func textIsReleasedOnceItIsPastTheHoldBack() {
        var redactor = StreamRedactor(detectors: .standard, options: ScanOptions(injection: false), holdBack: 10) { _ in true }
        #expect(redactor.feed("hello") == "")
        #expect(redactor.feed(" world, how are you") == "hello world, h")
        #expect(redactor.finish() == "ow are you")
    }

    @Test func findingsCarryOffsetsInTheWholeStream() {
        var redactor = StreamRedactor(detectors: .standard, options: ScanOptions(injection: false), holdBack: 8) { _ in true }
        _ = redactor.feed(String(repeating: "x ", count: 100))
        _ = redactor.feed("mail a@example.org now")
        _ = redactor.finish()
        #expect(redactor.findings.map(\.start) == [205])
    }
}
