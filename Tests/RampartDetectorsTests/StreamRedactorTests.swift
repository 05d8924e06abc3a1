import RampartDetectors
import Testing

@Suite struct StreamRedactorTests {
    static let token = "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"
    static let text = "Sure. Set GITHUB_TOKEN to \(token) and mail ops@example.com when done; " + String(repeating: "then wait. ", count: 40)

    func run(_ pieces: [String], holdBack: Int = 128, releaseStep: Int = 64) -> (String, [String]) {
        var redactor = StreamRedactor(detectors: .standard, options: ScanOptions(injection: false), holdBack: holdBack, releaseStep: releaseStep) { _ in true }
        var sent: [String] = []
        for piece in pieces { sent.append(redactor.feed(piece)) }
        sent.append(redactor.finish())
        return (sent.joined(), sent)
    }

    /// However the text is cut into pieces, what is sent is the redacted whole, and no part of the secret leaves.
    @Test(arguments: [1, 2, 3, 5, 7, 13, 40, 200], [1, 64])
    func everySplitGivesTheSameRedactedText(pieceLength: Int, releaseStep: Int) {
        let scalars = Array(Self.text.unicodeScalars)
        let pieces = stride(from: 0, to: scalars.count, by: pieceLength).map { start in
            String(String.UnicodeScalarView(scalars[start..<min(scalars.count, start + pieceLength)]))
        }
        let (whole, sent) = run(pieces, releaseStep: releaseStep)
        #expect(whole.hasPrefix("Sure. Set GITHUB_TOKEN to [GITHUB_TOKEN] and mail [EMAIL_ADDRESS] when done;"), "\(whole.prefix(90))")
        for fragment in sent { #expect(!fragment.contains("ghp_") && !fragment.contains("wWPw5k4aXcaT")) }
    }

    @Test func textIsReleasedOnceItIsPastTheHoldBack() {
        var redactor = StreamRedactor(detectors: .standard, options: ScanOptions(injection: false), holdBack: 10, releaseStep: 1) { _ in true }
        #expect(redactor.feed("hello") == "")
        #expect(redactor.feed(" world, how are you") == "hello world, h")
        #expect(redactor.finish() == "ow are you")
    }

    /// Text waits for a step's worth of characters past the hold-back, then all of it but the hold-back leaves.
    @Test func textIsReleasedInSteps() {
        var redactor = StreamRedactor(detectors: .standard, options: ScanOptions(injection: false), holdBack: 10, releaseStep: 8) { _ in true }
        #expect(redactor.feed("hello") == "")
        #expect(redactor.feed(" wor") == "")
        #expect(redactor.feed("ld, ") == "")
        #expect(redactor.feed("how are") == "hello worl")
        #expect(redactor.feed("!") == "")
        #expect(redactor.finish() == "d, how are!")
        #expect(redactor.scans == 2)
        #expect(redactor.finish() == "")
        #expect(redactor.scans == 2)
    }

    /// A token-by-token stream is scanned once a step, not once a piece.
    @Test(arguments: [(1, 950), (64, 74)])
    func aLongStreamIsScannedOnceAStep(releaseStep: Int, expectedScans: Int) {
        var redactor = StreamRedactor(detectors: .standard, options: ScanOptions(injection: false), holdBack: 256, releaseStep: releaseStep) { _ in true }
        var sent = ""
        for _ in 0..<1_000 { sent += redactor.feed("word ") }
        sent += redactor.finish()
        #expect(sent == String(repeating: "word ", count: 1_000))
        #expect(redactor.scans == expectedScans)
    }

    /// A JWT three times as long as the hold-back, in any pieces: no window over its parts would know it, so the
    /// run is held until it ends and scanned whole.
    @Test(arguments: [1, 4, 50])
    func aTokenLongerThanTheHoldBackIsCaughtWhole(pieceLength: Int) {
        let payload = "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiYWRtaW4iOnRydWUsImlhdCI6MTUxNjIzOTAyMiwic2NvcGUiOiJyZWFkIHdyaXRlIGRlbGV0ZSBhZG1pbiIsImF1ZCI6Imh0dHBzOi8vYXBpLmV4YW1wbGUuY29tIiwiaXNzIjoiaHR0cHM6Ly9pc3N1ZXIuZXhhbXBsZS5jb20ifQ"
        let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + String(repeating: payload, count: 3) + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
        let text = "Your token is " + jwt + " and it expires soon. " + String(repeating: "More words follow here. ", count: 20)
        let scalars = Array(text.unicodeScalars)
        let pieces = stride(from: 0, to: scalars.count, by: pieceLength).map { start in
            String(String.UnicodeScalarView(scalars[start..<min(scalars.count, start + pieceLength)]))
        }
        let (whole, sent) = run(pieces, holdBack: 256)
        #expect(whole.hasPrefix("Your token is [JWT] and it expires soon."), "\(whole.prefix(80))")
        for fragment in sent { #expect(!fragment.contains("eyJ")) }
    }

    /// A run without white space longer than `longestHeldRun` is let out in parts: what is held stays bounded.
    @Test func whatIsHeldStaysBounded() {
        var redactor = StreamRedactor(detectors: .standard, options: ScanOptions(injection: false), holdBack: 8, releaseStep: 4, longestHeldRun: 32) { _ in true }
        var fed = 0, sent = 0
        for _ in 0..<200 {
            sent += redactor.feed("x").count
            fed += 1
            #expect(fed - sent <= 32)
        }
        #expect(sent + redactor.finish().count == 200)
    }

    /// A finding inside another (the address in a database URL's credentials) is covered by the outer one's
    /// placeholder, and the text after them stays whole.
    @Test(arguments: [1, 3, 500])
    func nestedFindingsAreReplacedOnce(pieceLength: Int) {
        let text = "Use postgres://admin:Secr3tPassw0rd@db.example.com:5432/app now, then reply to the thread."
        let scalars = Array(text.unicodeScalars)
        let pieces = stride(from: 0, to: scalars.count, by: pieceLength).map { start in
            String(String.UnicodeScalarView(scalars[start..<min(scalars.count, start + pieceLength)]))
        }
        let (whole, _) = run(pieces, holdBack: 64, releaseStep: 4)
        #expect(whole == "Use [DATABASE_URL]/app now, then reply to the thread.")
    }

    @Test func findingsCarryOffsetsInTheWholeStream() {
        var redactor = StreamRedactor(detectors: .standard, options: ScanOptions(injection: false), holdBack: 8) { _ in true }
        _ = redactor.feed(String(repeating: "x ", count: 100))
        _ = redactor.feed("mail a@example.org now")
        _ = redactor.finish()
        #expect(redactor.findings.map(\.start) == [205])
    }

    /// A line's opening spaces (at most three, where a Markdown definition may follow them) leave with the line, not
    /// alone; a long run of spaces is let out as it comes.
    @Test func aLinesOpeningSpacesLeaveWithTheLine() {
        var redactor = StreamRedactor(detectors: .standard, options: ScanOptions(injection: false), holdBack: 1, releaseStep: 1) { _ in true }
        #expect(redactor.feed("one\n  ") == "one\n")
        #expect(redactor.feed("two three") == "  two ")
        var spaces = StreamRedactor(detectors: .standard, options: ScanOptions(injection: false), holdBack: 4, releaseStep: 1) { _ in true }
        #expect(spaces.feed("\n" + String(repeating: " ", count: 100)).count == 97)
    }
}
