/// Passwords passed as a string literal to a call that takes one in a known place: `new DirectoryEntry(path, user,
/// "password")`, `new NetworkCredential("user", "password")`, `DriverManager.getConnection(url, user, "password")`,
/// `HTTPBasicAuth('user', 'password')`, `mysqli_connect(host, user, "password")`. The call's name says what the
/// argument is, so the value needs no shape: people choose passwords.
enum CredentialCalls {
    /// A call's name in lower case (the last part of a qualified name) and the place of its password argument, from 1.
    static let calls: [(name: [UInt8], argument: Int)] = [
        ("directoryentry", 3), ("networkcredential", 2), ("getconnection", 3), ("passwordauthentication", 2),
        ("usernamepasswordcredentials", 2), ("httpbasicauth", 2), ("httpdigestauth", 2), ("basicawscredentials", 2),
        ("mysql_connect", 3), ("mysqli_connect", 3), ("mysqli", 3), ("pdo", 3), ("ldap_bind", 3),
    ].map { (Array($0.0.utf8), $0.1) }

    /// The longest name, so that a longer identifier is passed over without a comparison.
    static let longestName = calls.map(\.name.count).max() ?? 0

    static func arguments(_ t: ByteText, _ out: inout [RawFinding]) {
        var i = 0
        while true {
            i = t.next(UInt8(ascii: "("), from: i)
            guard i < t.count else { return }
            defer { i += 1 }
            // The name before the parenthesis.
            var start = i
            while start > 0, i - start <= longestName, ASCII.isAlnum(t[start - 1]) || t[start - 1] == UInt8(ascii: "_") { start -= 1 }
            guard start < i, i - start <= longestName,
                  let call = calls.first(where: { $0.name.count == i - start && ASCII.hasPrefix(t, at: start, $0.name) }),
                  let value = stringArgument(t, call.argument, after: i), StructuredSecrets.isLiteralPassword(t, value, notStartingWith: "$%{[#<")
            else { continue }
            out.append(RawFinding(category: .secret, type: "GENERIC_SECRET", range: value, score: 0.8))
        }
    }

    /// The bytes inside the quotes of argument `n` (from 1) of the call whose parenthesis is at `open`, when that
    /// argument is a string literal; nil when it is anything else or the call has fewer arguments.
    static func stringArgument(_ t: ByteText, _ n: Int, after open: Int) -> Range<Int>? {
        var k = open + 1, argument = 1, depth = 0
        while k < t.count, k - open < 400 {
            let b = t[k]
            if depth == 0, argument == n {
                while k < t.count, ASCII.oneOf(" \t\r\n", t[k]) { k += 1 }
                guard k < t.count, t[k] == UInt8(ascii: "\"") || t[k] == UInt8(ascii: "'") else { return nil }
                let quote = t[k]
                var end = k + 1
                while end < t.count, t[end] != quote, t[end] != UInt8(ascii: "\n") {
                    end += t[end] == UInt8(ascii: "\\") ? 2 : 1
                }
                guard end < t.count, t[end] == quote else { return nil }
                // The literal is the whole argument (not the start of a concatenation or a call on it).
                var after = end + 1
                while after < t.count, ASCII.oneOf(" \t\r\n", t[after]) { after += 1 }
                guard after < t.count, t[after] == UInt8(ascii: ",") || t[after] == UInt8(ascii: ")") else { return nil }
                return (k + 1)..<end
            }
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                // A string: its commas and parentheses are not the call's.
                var end = k + 1
                while end < t.count, t[end] != b, t[end] != UInt8(ascii: "\n") { end += t[end] == UInt8(ascii: "\\") ? 2 : 1 }
                k = end
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                if depth == 0 { return nil }
                depth -= 1
            case UInt8(ascii: ",") where depth == 0: argument += 1
            default: break
            }
            k += 1
        }
        return nil
    }
}
