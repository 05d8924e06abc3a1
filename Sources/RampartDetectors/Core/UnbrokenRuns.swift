/// The long runs of printable ASCII without a space in a text: where a token, a key or an encoded payload can be.
///
/// Every provider token, AWS key, JWT, shaped credential and base64 or hex payload is written in printable ASCII
/// (`!` to `~`) with no space, and is at least `shortest` bytes long. Prose is short words between spaces, so the
/// detectors of those visit the few long runs found here in one pass over the text instead of every byte each.
struct UnbrokenRuns: Sendable {
    /// The maximal runs of at least `shortest` bytes, in order.
    let ranges: [Range<Int>]

    /// The length of the shortest match of any detector that visits runs instead of the text: the runs kept are those
    /// at least this long. Each such detector's own shortest match is listed here, so a rule added with a shorter
    /// match lowers it instead of going unseen.
    static let shortest = min(SecretDetectors.shortestToken, StructuredSecrets.shortestAWSKeyID, StructuredSecrets.shortestAWSSecret,
                              StructuredSecrets.shortestJWT, ShapedSecrets.shortestShape, HiddenPayloads.shortestEncodedRun)

    init(_ t: ByteText) {
        self.init(t, atLeast: Self.shortest)
    }

    init(_ t: ByteText, atLeast shortest: Int) {
        // The text's classes find runs of up to 64 bytes; longer minimums keep the 64-byte runs that are long enough.
        let runs = t.classes.runs(.graphic, atLeast: max(1, min(shortest, 64)))
        ranges = shortest > 64 ? runs.filter { $0.count >= shortest } : runs
    }

    /// The whole text as one run: what a detector would visit without the index (for tests that hold the two equal).
    init(whole t: ByteText) {
        ranges = t.count == 0 ? [] : [0..<t.count]
    }

    /// The runs of at least `length` bytes.
    @inline(__always) func atLeast(_ length: Int) -> LazyFilterSequence<[Range<Int>]> {
        ranges.lazy.filter { $0.count >= length }
    }
}
