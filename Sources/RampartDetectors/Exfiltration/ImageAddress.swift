/// Where an image's address makes a client load it from.
enum ImageAddress {
    /// Whether a client would load the image at `address` (bytes of `t`, as written in the answer) from a host not on
    /// `hosts`. Only a relative path and a `data:` URI stay: an address with a scheme, or one that starts with two
    /// slashes (either way round), loads from its host; a path that may hide a scheme or two slashes is read as
    /// leaving: an entity (`&#58;`, `/&#x2F;host`, decoded in HTML attributes and Markdown alike), a backslash, a tab
    /// or line break (which browsers drop: `/\t/host`), a colon in its first segment.
    ///
    /// The host is read as a browser reads it: slashes and backslashes after the scheme are skipped, the authority
    /// ends at the first `/`, `\`, `?` or `#`, the user part before its last `@` is dropped
    /// ("https://trusted.example@attacker.example/"), and so is a port.
    static func leaves(_ t: ByteText, _ address: Range<Int>, _ hosts: ImageHosts) -> Bool {
        let end = address.upperBound
        var i = address.lowerBound
        var j = i
        if j < end, ASCII.isLetter(t[j]) {
            j += 1
            while j < end, ASCII.isAlnum(t[j]) || ASCII.oneOf("+.-", t[j]) { j += 1 }
        }
        if j < end, j > i, t[j] == UInt8(ascii: ":") {
            if j - i == 4, ASCII.hasPrefix(t, at: i, dataScheme) { return false }
            i = j + 1
        } else if !(i + 1 < end && isSlash(t[i]) && isSlash(t[i + 1])) {
            // A relative path, unless it hides what it is.
            var k = i, firstSegment = true
            while k < end, t[k] != UInt8(ascii: "?"), t[k] != UInt8(ascii: "#") {
                if t[k] == UInt8(ascii: "&") || t[k] == UInt8(ascii: "\\") || t[k] < 0x20 || t[k] == 0x7F { return true }
                if t[k] == UInt8(ascii: ":"), firstSegment { return true }
                if t[k] == UInt8(ascii: "/") { firstSegment = false }
                k += 1
            }
            return false
        }
        while i < end, isSlash(t[i]) { i += 1 }
        var authorityEnd = i
        while authorityEnd < end, !ASCII.oneOf("/\\?#", t[authorityEnd]) { authorityEnd += 1 }
        var hostStart = i
        for k in i..<authorityEnd where t[k] == UInt8(ascii: "@") { hostStart = k + 1 }
        var hostEnd = authorityEnd
        if hostStart < authorityEnd, t[hostStart] == UInt8(ascii: "[") {
            // An IPv6 literal: to its closing bracket.
            if let close = (hostStart..<authorityEnd).first(where: { t[$0] == UInt8(ascii: "]") }) { hostEnd = close + 1 }
        } else if let colon = (hostStart..<authorityEnd).first(where: { t[$0] == UInt8(ascii: ":") }) {
            hostEnd = colon
        }
        return !hosts.allow(t.bytes[hostStart..<hostEnd])
    }

    static let dataScheme = Array("data".utf8)

    @inline(__always) static func isSlash(_ b: UInt8) -> Bool { b == UInt8(ascii: "/") || b == UInt8(ascii: "\\") }
}
