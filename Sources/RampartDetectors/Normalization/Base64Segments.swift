/// Decoding of encoded segments in which a payload may hide: base64, hex, URL-encoding, Unicode tag characters.
enum Base64Segments {
    static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() { table[Int(c)] = Int8(i) }
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    /// Decodes standard or URL-safe base64 (padding optional); nil if any other character appears.
    static func decode(_ text: some Collection<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.count * 3 / 4)
        var buffer: UInt32 = 0, bits = 0
        for c in text {
            if c == UInt8(ascii: "=") { break }
            let v = values[Int(c)]
            guard v >= 0 else { return nil }
            buffer = buffer << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return out
    }
}

/// A payload decoded from part of the text, with the byte range it came from.
struct HiddenPayload {
    var text: String
    var range: Range<Int>
    var encoding: String

    /// Whether the payload reads as prose (at least half letters, and a space): the injection model reads only
    /// those, while personal data and secrets are looked for in any payload that is text ("SSN 512-96-1600",
    /// "user:hunter2").
    var isProse: Bool {
        let scalars = text.unicodeScalars
        // ASCII answered without the property's look-up: its alphabetic characters are its letters.
        let letters = scalars.count { $0.value < 0x80 ? ASCII.isLetter(UInt8($0.value)) : $0.properties.isAlphabetic }
        return letters >= scalars.count / 2 && scalars.contains(" ")
    }
}

enum HiddenPayloads {
    /// Decoded bytes as text, when they are: valid UTF-8, at least 8 bytes, nine tenths printable or spaces.
    static func readable(_ bytes: [UInt8]) -> String? {
        guard bytes.count >= 8, let text = String(validating: bytes, as: UTF8.self) else { return nil }
        // Printable: the space and what is neither white space nor a control character. In ASCII that is " " to "~",
        // answered without the property's look-up.
        let printable = text.unicodeScalars.count { $0.value < 0x80 ? (0x20...0x7E).contains($0.value) : !$0.properties.isWhitespace }
        return printable >= text.unicodeScalars.count * 9 / 10 ? text : nil
    }

    /// Base64 and hex payloads are runs of at least this many characters.
    static let shortestEncodedRun = 20

    /// `runs` with each stretch of base64 lines joined into one: lines of one length, a multiple of four and at least
    /// 40 characters, without padding, each after the one before and its line break, then a last line no longer
    /// ("SSN 512-96-1600" cut by MIME's line break is read whole). A single line stays as it is.
    static func joiningLines(_ runs: [Range<Int>], _ t: ByteText) -> [Range<Int>] {
        var joined: [Range<Int>] = []
        joined.reserveCapacity(runs.count)
        var k = 0
        while k < runs.count {
            let first = runs[k], width = first.count
            var last = k
            @inline(__always) func isFullLine(_ run: Range<Int>) -> Bool {
                run.count == width && !t.bytes[run].contains(UInt8(ascii: "="))
            }
            @inline(__always) func follows(_ next: Range<Int>, _ line: Range<Int>) -> Bool {
                let gap = next.lowerBound - line.upperBound
                return gap == 1 && t[line.upperBound] == UInt8(ascii: "\n")
                    || gap == 2 && t[line.upperBound] == UInt8(ascii: "\r") && t[line.upperBound + 1] == UInt8(ascii: "\n")
            }
            if width >= 40, width % 4 == 0, isFullLine(first) {
                while last + 1 < runs.count, follows(runs[last + 1], runs[last]), runs[last + 1].count <= width {
                    last += 1
                    if !isFullLine(runs[last]) { break }
                }
            }
            joined.append(last == k ? first : first.lowerBound..<runs[last].upperBound)
            k = last + 1
        }
        return joined
    }

    /// The payloads hidden in `t`; `unbroken` are its long unbroken runs, where base64 and hex can be.
    static func find(_ t: ByteText, _ unbroken: UnbrokenRuns) -> [HiddenPayload] {
        var payloads: [HiddenPayload] = []
        // Base64 and hex runs of at least 20 characters, found over the raw bytes (without a bounds check each).
        let runs: [Range<Int>] = Base64Segments.values.withUnsafeBufferPointer { values in
            t.bytes.withUnsafeBufferPointer { bytes in
                var runs: [Range<Int>] = []
                for run in unbroken.atLeast(shortestEncodedRun) {
                    var i = run.lowerBound
                    while i < run.upperBound {
                        guard values[Int(bytes[i])] >= 0 || bytes[i] == UInt8(ascii: "=") else { i += 1; continue }
                        var j = i
                        while j < run.upperBound, values[Int(bytes[j])] >= 0 || bytes[j] == UInt8(ascii: "=") { j += 1 }
                        if j - i >= shortestEncodedRun { runs.append(i..<j) }
                        i = j
                    }
                }
                return runs
            }
        }
        for found in joiningLines(runs, t) {
            let run = t.bytes[found]
            if run.contains(UInt8(ascii: "\n")) {
                // Base64 in lines (MIME's 76 characters, PEM's 64): one payload, read without its line breaks.
                if let bytes = Base64Segments.decode(run.lazy.filter { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }), let text = readable(bytes) {
                    payloads.append(HiddenPayload(text: text, range: found, encoding: "base64"))
                }
            } else if run.allSatisfy(ASCII.isHex), run.count % 2 == 0 {
                var bytes: [UInt8] = []
                var k = run.startIndex
                while k < run.endIndex {
                    bytes.append(UInt8(hexValue(run[k]) << 4 | hexValue(run[k + 1])))
                    k += 2
                }
                if let text = readable(bytes) { payloads.append(HiddenPayload(text: text, range: found, encoding: "hex")) }
            } else if let bytes = Base64Segments.decode(run), let text = readable(bytes) {
                payloads.append(HiddenPayload(text: text, range: found, encoding: "base64"))
            }
        }
        // URL-encoded runs and tag characters, over the raw bytes too, and lines in ROT13.
        payloads += t.bytes.withUnsafeBufferPointer { urlAndTagPayloads($0) }
        payloads += Rot13Lines.find(t)
        return payloads
    }

    /// The bytes that end a URL-encoded run: white space, quotes and angle brackets, and the delimiters of a URL's
    /// query ("?email=jane.doe%40example.com&id=5" holds the run "jane.doe%40example.com"). Other punctuation stays
    /// in the run: hand-encoded text keeps its commas and colons raw.
    static let urlDelimiters = ByteSet(Array(" \t\n\r&?=#\"'<>".utf8))

    /// URL-encoded runs, and runs of Unicode tag characters. A run is a stretch between delimiters that holds an
    /// escape ("%40"), or a number with plus signs between its digits (a form's spaces: "4111+1111+1111+1111"); it is
    /// read with each escape decoded and each plus sign a space, when what it reads is text.
    static func urlAndTagPayloads(_ t: UnsafeBufferPointer<UInt8>) -> [HiddenPayload] {
        var payloads: [HiddenPayload] = []
        let delimiters = urlDelimiters
        @inline(__always) func isEscape(_ k: Int) -> Bool { k + 2 < t.count && t[k] == UInt8(ascii: "%") && ASCII.isHex(t[k + 1]) && ASCII.isHex(t[k + 2]) }
        @inline(__always) func isFormSpace(_ k: Int) -> Bool {
            k > 0 && k + 1 < t.count && t[k] == UInt8(ascii: "+") && ASCII.isDigit(t[k - 1]) && ASCII.isDigit(t[k + 1])
        }
        var i = 0, percent = -1, plus = -1
        while i < t.count {
            if percent < i { percent = ByteText.next(UInt8(ascii: "%"), in: t, from: i) }
            if plus < i { plus = ByteText.next(UInt8(ascii: "+"), in: t, from: i) }
            let k = min(percent, plus)
            guard k < t.count else { break }
            guard isEscape(k) || isFormSpace(k) else { i = k + 1; continue }
            var start = k, end = k
            while start > 0, !delimiters.contains(t[start - 1]) { start -= 1 }
            while end < t.count, !delimiters.contains(t[end]) { end += 1 }
            // Without an escape, a run of a form's number alone ("4111+1111+1111+1111"), not a line of base64.
            guard (start..<end).contains(where: isEscape) || (start..<end).allSatisfy({ ASCII.isDigit(t[$0]) || ASCII.oneOf("+-.()", t[$0]) }) else {
                i = end + 1
                continue
            }
            var bytes: [UInt8] = [], j = start
            bytes.reserveCapacity(end - start)
            while j < end {
                if isEscape(j), j + 2 < end {
                    bytes.append(UInt8(hexValue(t[j + 1]) << 4 | hexValue(t[j + 2])))
                    j += 3
                } else {
                    bytes.append(t[j] == UInt8(ascii: "+") ? UInt8(ascii: " ") : t[j])
                    j += 1
                }
            }
            if let text = readable(bytes) { payloads.append(HiddenPayload(text: text, range: start..<end, encoding: "url")) }
            i = end + 1
        }
        // Unicode tag characters (U+E0020...U+E007E spell ASCII invisibly: "emoji smuggling").
        var tagText: [UInt8] = [], tagStart = -1, k = 0
        while k + 3 < t.count {
            // Outside a run, on to the next byte that can start one.
            if tagStart < 0 {
                k = ByteText.next(0xF3, in: t, from: k)
                guard k + 3 < t.count else { break }
            }
            if t[k] == 0xF3, t[k + 1] == 0xA0, t[k + 2] & 0xFC == 0x80 {
                let scalar = (UInt32(t[k + 2] & 0x3F) << 6) | UInt32(t[k + 3] & 0x3F)
                if tagStart < 0 { tagStart = k }
                if (0x20...0x7E).contains(scalar) { tagText.append(UInt8(scalar)) }
                k += 4
                continue
            }
            if tagStart >= 0 {
                if tagText.count >= 4 { payloads.append(HiddenPayload(text: String(decoding: tagText, as: UTF8.self), range: tagStart..<k, encoding: "unicode-tags")) }
                tagText = []
                tagStart = -1
            }
            k += 1
        }
        if tagStart >= 0, tagText.count >= 4 {
            payloads.append(HiddenPayload(text: String(decoding: tagText, as: UTF8.self), range: tagStart..<t.count, encoding: "unicode-tags"))
        }
        return payloads
    }

    @inline(__always) static func hexValue(_ c: UInt8) -> Int {
        ASCII.isDigit(c) ? Int(c - 48) : Int(ASCII.lowercase(c) - 87)
    }
}
