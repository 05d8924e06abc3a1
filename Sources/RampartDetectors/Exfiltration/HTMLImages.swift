/// HTML tags that load what their attributes name when a client renders them: `<img src=…>`, `<img srcset=…>`,
/// `<video poster=…>`, `<iframe src=…>`, `<link href=…>`, SVG's `<image href=…>`. Renderers that let HTML through
/// at all mostly let images through.
enum HTMLImages {
    /// The tags read, in lower case.
    static let tags: Set<[UInt8]> = Set(["img", "image", "source", "video", "audio", "iframe", "frame", "embed", "object", "input", "link",
                                         "script", "track", "use", "body", "table", "td"].map { Array($0.utf8) })
    /// The attributes of those tags that hold an address to load.
    static let addressAttributes: Set<[UInt8]> = Set(["src", "srcset", "poster", "background", "data", "href", "xlink:href", "lowsrc",
                                                      "dynsrc"].map { Array($0.utf8) })

    /// Tags that would load from a host not on `hosts`, each whole. With `moreFollows`, one of the tags still open at
    /// the text's end is reported to the end, so that a stream holds it until it closes.
    /// With `every`, each such tag is reported, whatever it loads.
    static func find(_ t: ByteText, _ hosts: ImageHosts, moreFollows: Bool, every: Bool = false, _ out: inout [RawFinding]) {
        var i = t.next(UInt8(ascii: "<"), from: 0)
        while i < t.count {
            var j = i + 1
            while j < t.count, ASCII.isLetter(t[j]) { j += 1 }
            let name = t.bytes[(i + 1)..<j].map(ASCII.lowercase)
            guard j == t.count || ASCII.oneOf(" \t\n\r/>", t[j]) else {
                i = t.next(UInt8(ascii: "<"), from: j)
                continue
            }
            guard tags.contains(name) || j == t.count && j - i <= 7 else {
                i = t.next(UInt8(ascii: "<"), from: j)
                continue
            }
            // The tag's name still being written, or the tag still open: held while more may follow.
            guard j < t.count, let (end, leaves) = attributes(t, from: j, hosts) else {
                if moreFollows { out.append(AnswerImages.finding(i..<t.count)) }
                return
            }
            if leaves || every { out.append(AnswerImages.finding(i..<end)) }
            i = t.next(UInt8(ascii: "<"), from: end)
        }
    }

    /// Reads a tag's attributes from `j` to its `>`: where the tag ends, and whether an address in it loads from a
    /// host not on the list. Nil when the text ends first.
    static func attributes(_ t: ByteText, from j: Int, _ hosts: ImageHosts) -> (end: Int, leaves: Bool)? {
        var j = j, leaves = false
        while true {
            while j < t.count, ASCII.oneOf(" \t\n\r/", t[j]) { j += 1 }
            guard j < t.count else { return nil }
            if t[j] == UInt8(ascii: ">") { return (j + 1, leaves) }
            let nameStart = j
            while j < t.count, !ASCII.oneOf(" \t\n\r/>=\"'", t[j]) { j += 1 }
            // A stray quote or `=` where a name belongs: passed over.
            if j == nameStart { j += 1; continue }
            let name = t.bytes[nameStart..<j].map(ASCII.lowercase)
            while j < t.count, ASCII.oneOf(" \t\n\r", t[j]) { j += 1 }
            guard j < t.count else { return nil }
            guard t[j] == UInt8(ascii: "=") else { continue }
            j += 1
            while j < t.count, ASCII.oneOf(" \t\n\r", t[j]) { j += 1 }
            guard j < t.count else { return nil }
            let value: Range<Int>
            if t[j] == UInt8(ascii: "\"") || t[j] == UInt8(ascii: "'") {
                let close = t.next(t[j], from: j + 1)
                guard close < t.count else { return nil }
                value = (j + 1)..<close
                j = close + 1
            } else {
                let start = j
                while j < t.count, !ASCII.oneOf(" \t\n\r>", t[j]) { j += 1 }
                value = start..<j
            }
            guard addressAttributes.contains(name) else { continue }
            if name == Array("srcset".utf8) {
                // Candidates separated by commas, each an address and a size ("a.png 1x, b.png 2x").
                var k = value.lowerBound
                while k < value.upperBound {
                    while k < value.upperBound, ASCII.oneOf(" \t\n\r,", t[k]) { k += 1 }
                    let start = k
                    while k < value.upperBound, !ASCII.oneOf(" \t\n\r,", t[k]) { k += 1 }
                    if k > start, ImageAddress.leaves(t, start..<k, hosts) { leaves = true }
                    while k < value.upperBound, t[k] != UInt8(ascii: ",") { k += 1 }
                }
            } else {
                // Browsers drop spaces and control characters before an address.
                var start = value.lowerBound
                while start < value.upperBound, t[start] <= 0x20 { start += 1 }
                if ImageAddress.leaves(t, start..<value.upperBound, hosts) { leaves = true }
            }
        }
    }
}
