/// Lines of PostgreSQL's password file (`~/.pgpass`, `hostname:port:database:username:password`): five fields
/// separated by colons (`\:` inside a field), the port a number or `*`, the host, database and user words or `*`,
/// no spaces. The fifth field is the password.
enum PasswordFileLines {
    static func pgpass(_ t: ByteText, _ out: inout [RawFinding]) {
        var from = 0
        while true {
            // Each line once, from its first colon, then on to the next line.
            let colon = t.next(UInt8(ascii: ":"), from: from)
            guard colon < t.count else { return }
            var end = t.next(UInt8(ascii: "\n"), from: colon)
            from = end + 1
            if end > colon, t[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            // A host name is at most 255 bytes: a longer start is no entry.
            var start = colon
            while start > 0, t[start - 1] != UInt8(ascii: "\n"), colon - start < 256 {
                // A space or tab before the colon, not escaped: no entry (`password` refuses such a line), and prose
                // has one a few bytes back, not at the line's start.
                if t[start - 1] == UInt8(ascii: " ") || t[start - 1] == UInt8(ascii: "\t"), start < 2 || t[start - 2] != UInt8(ascii: "\\") { break }
                start -= 1
            }
            guard start == 0 || t[start - 1] == UInt8(ascii: "\n"), let password = password(t, line: start..<end) else { continue }
            out.append(RawFinding(category: .secret, type: "GENERIC_SECRET", range: password, score: 0.85))
        }
    }

    /// The password field of `line` when the line is a `.pgpass` entry.
    static func password(_ t: ByteText, line: Range<Int>) -> Range<Int>? {
        var fields: [Range<Int>] = []
        var fieldStart = line.lowerBound, k = line.lowerBound
        while k < line.upperBound {
            let b = t[k]
            if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") { return nil }
            if b == UInt8(ascii: "\\") { k += 2; continue }
            if b == UInt8(ascii: ":") {
                guard fields.count < 4 else { return nil }
                fields.append(fieldStart..<k)
                fieldStart = k + 1
            }
            k += 1
        }
        fields.append(fieldStart..<min(k, line.upperBound))
        guard fields.count == 5, fields.allSatisfy({ !$0.isEmpty }) else { return nil }
        let star = { (field: Range<Int>) in field.count == 1 && t[field.lowerBound] == UInt8(ascii: "*") }
        let port = fields[1]
        guard star(port) || (port.count <= 5 && t.bytes[port].allSatisfy(ASCII.isDigit)) else { return nil }
        // Host, database and user name something: a letter in each (or `*`), so that times and numbers are not entries.
        for field in [fields[0], fields[2], fields[3]] where !star(field) {
            guard t.bytes[field].contains(where: ASCII.isLetter) else { return nil }
        }
        return StructuredSecrets.isLiteralPassword(t, fields[4], notStartingWith: "$") ? fields[4] : nil
    }
}
