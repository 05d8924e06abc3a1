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
        var found: [RawFinding] = []
        MarkdownImages.find(t, hosts, moreFollows: options.moreFollows, opensLine: options.opensLine, &found)
        HTMLImages.find(t, hosts, moreFollows: options.moreFollows, &found)
        guard options.moreFollows, var held = found.lazy.filter({ $0.range.upperBound == t.count }).map(\.range.lowerBound).min() else {
            out += found
            return
        }
        // What is held starts at the first image that reaches into it: a tag whose attribute holds an open Markdown
        // image is held from the tag's start, not let out up to the image.
        for finding in found.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) where finding.range.upperBound > held {
            held = min(held, finding.range.lowerBound)
        }
        out += found.filter { $0.range.upperBound <= held }
        out.append(finding(held..<t.count))
    }

    static func finding(_ range: Range<Int>) -> RawFinding {
        RawFinding(category: .exfiltration, type: type, range: range, score: 1)
    }
}
