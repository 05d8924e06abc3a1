/// Images in an answer that would load from a host not on the workload's list (`ImageHosts`): Markdown images
/// (inline, and the reference definitions images use) and the HTML tags that load what they name. Each is one
/// `EXTERNAL_IMAGE` finding over the whole image, so that redaction replaces it whole and the client fetches nothing.
///
/// A stream's held text may end inside an image still being written; with `ScanOptions.moreFollows`, such an
/// image is reported to the text's end, so that the stream holds it until it closes and can be judged whole; with
/// `ScanOptions.opensLine` false, the text's start is not read as a line's.
enum AnswerImages {
    static let type = "EXTERNAL_IMAGE"

    static func find(_ t: ByteText, _ hosts: ImageHosts, _ options: ScanOptions, _ out: inout [RawFinding]) {
        guard !hosts.any else { return }
        MarkdownImages.find(t, hosts, moreFollows: options.moreFollows, opensLine: options.opensLine, &out)
        HTMLImages.find(t, hosts, moreFollows: options.moreFollows, &out)
    }

    /// Every image and image tag in `t`, wherever it loads from (and, with `moreFollows`, what is still open at the
    /// end): what a stream must not cut through. A window that started inside an image would read the rest of it
    /// afresh, and an image opening in its title could take in, as its alt text, an image the whole answer shows.
    static func constructs(_ t: ByteText, _ options: ScanOptions) -> [RawFinding] {
        var found: [RawFinding] = []
        MarkdownImages.find(t, ImageHosts([]), moreFollows: options.moreFollows, opensLine: options.opensLine, every: true, &found)
        HTMLImages.find(t, ImageHosts([]), moreFollows: options.moreFollows, every: true, &found)
        return found
    }

    static func finding(_ range: Range<Int>) -> RawFinding {
        RawFinding(category: .exfiltration, type: type, range: range, score: 1)
    }
}
