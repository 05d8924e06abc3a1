/// Passwords given on a command line to tools that take one: `curl -u user:password`, `mysql -pPASSWORD`,
/// `sshpass -p PASSWORD`, `redis-cli -a PASSWORD`, `docker login -p PASSWORD`, `ldapsearch -w PASSWORD`,
/// `openssl … -passin pass:PASSWORD`, `smbclient -U user%password`, `keytool -storepass PASSWORD`. The command and the
/// flag say what the argument is, so the value needs no shape; a variable or a placeholder there is not reported.
enum CommandPasswords {
    /// How a flag carries the password.
    enum Form: Sendable {
        /// The next argument, or after `=` (`--password=x`).
        case argument
        /// Glued to the flag (`-pPASSWORD`), as MySQL's clients take it (`-p` alone prompts).
        case glued
        /// `user:password` in the next argument, or glued to a one-letter flag (`-uuser:password`), as curl takes
        /// it; without a colon there is no password.
        case userColonPassword
        /// `user%password` in the next argument, or glued to a one-letter flag (smbclient).
        case userPercentPassword
        /// `pass:password` in the next argument (OpenSSL's pass phrase arguments; `env:` and `file:` name one elsewhere).
        case passPrefixed
    }

    struct Flag: Sendable {
        var name: [UInt8]
        var form: Form
    }

    /// Commands (as they are spelled on the line, in lower case), the subcommand their password flags need if any
    /// (`docker login -p`: `docker run -p` publishes a port), and the flags (case-sensitive: `-p` is not `-P`).
    static let commands: [(name: [UInt8], subcommand: [UInt8]?, flags: [Flag])] = {
        func flags(_ list: [(String, Form)]) -> [Flag] { list.map { Flag(name: Array($0.0.utf8), form: $0.1) } }
        let mysql = flags([("-p", .glued), ("--password", .argument)])
        // MongoDB's shells and tools, and registry logins, take `-p x` or `--password x`.
        let dashP = flags([("-p", .argument), ("--password", .argument)])
        let ldap = flags([("-w", .argument)])
        let login = Array("login".utf8)
        let table: [(String, [UInt8]?, [Flag])] = [
            ("curl", nil, flags([("-u", .userColonPassword), ("--user", .userColonPassword)])),
            ("wget", nil, flags([("--password", .argument), ("--http-password", .argument), ("--ftp-password", .argument)])),
            ("mysql", nil, mysql), ("mysqldump", nil, mysql), ("mysqladmin", nil, mysql), ("mariadb", nil, mysql), ("mariadb-dump", nil, mysql),
            ("sshpass", nil, flags([("-p", .argument)])),
            ("redis-cli", nil, flags([("-a", .argument), ("--pass", .argument)])),
            ("docker", login, dashP), ("podman", login, dashP), ("nerdctl", login, dashP), ("helm", login, dashP),
            ("mongo", nil, dashP), ("mongosh", nil, dashP), ("mongodump", nil, dashP), ("mongorestore", nil, dashP), ("mongoexport", nil, dashP),
            ("smbclient", nil, flags([("-U", .userPercentPassword), ("--user", .userPercentPassword)])),
            ("ldapsearch", nil, ldap), ("ldapmodify", nil, ldap), ("ldapadd", nil, ldap), ("ldapdelete", nil, ldap), ("ldapwhoami", nil, ldap),
            ("keytool", nil, flags([("-storepass", .argument), ("-keypass", .argument), ("-srcstorepass", .argument), ("-deststorepass", .argument)])),
            ("openssl", nil, flags([("-passin", .passPrefixed), ("-passout", .passPrefixed), ("-pass", .passPrefixed), ("-k", .argument)])),
        ]
        return table.map { (Array($0.0.utf8), $0.1, $0.2) }
    }()

    /// The words `SecretKeywords` looks for at word starts: the commands' names, but those that start with another's
    /// (`mysqldump` is found by `mysql`, whose match reads the whole word).
    static let keywords: [String] = commands.map(\.name).filter { name in
        !commands.contains { $0.name.count < name.count && name.starts(with: $0.name) }
    }.map { String(decoding: $0, as: UTF8.self) }

    /// One argument of a command line, without its quotes. `gluedToNext`: a quoted part follows with no space
    /// (`-p'secret'`, `--password="x"`), the next argument.
    struct Argument {
        var range: Range<Int>
        var gluedToNext = false
    }

    /// The password on the command line whose command word starts at `i`, if it gives one.
    static func password(_ t: ByteText, commandAt i: Int, _ out: inout [RawFinding]) {
        var end = i
        while end < t.count, ASCII.isAlnum(t[end]) || t[end] == UInt8(ascii: "-") || t[end] == UInt8(ascii: "_") { end += 1 }
        guard let command = commands.first(where: { $0.name.count == end - i && ASCII.hasPrefix(t, at: i, $0.name) }) else { return }
        var arguments = Self.arguments(t, from: end)
        if let subcommand = command.subcommand {
            guard let at = arguments.firstIndex(where: { $0.range.count == subcommand.count && ASCII.startsExactly(t, at: $0.range.lowerBound, with: subcommand) })
            else { return }
            arguments.removeFirst(at + 1)
        }
        for (n, argument) in arguments.enumerated() {
            let next = n + 1 < arguments.count ? arguments[n + 1].range : nil
            for flag in command.flags {
                guard let value = value(t, argument, flag, next: next), StructuredSecrets.isLiteralPassword(t, value, notStartingWith: "$%<{[`*")
                else { continue }
                out.append(RawFinding(category: .secret, type: "GENERIC_SECRET", range: value, score: 0.85))
            }
        }
    }

    /// The password that `flag` gives when `argument` is that flag.
    static func value(_ t: ByteText, _ argument: Argument, _ flag: Flag, next: Range<Int>?) -> Range<Int>? {
        guard argument.range.count >= flag.name.count, ASCII.startsExactly(t, at: argument.range.lowerBound, with: flag.name) else { return nil }
        let rest = (argument.range.lowerBound + flag.name.count)..<argument.range.upperBound
        switch flag.form {
        case .glued:
            if rest.isEmpty { return argument.gluedToNext ? next : nil }
            return rest
        case .argument:
            if rest.isEmpty { return next }
            guard t[rest.lowerBound] == UInt8(ascii: "=") else { return nil }
            return rest.count == 1 ? (argument.gluedToNext ? next : nil) : (rest.lowerBound + 1)..<rest.upperBound
        case .userColonPassword, .userPercentPassword:
            // A short flag's value may be glued to it (`-uuser:password`); a long one's may not (`--username`).
            let user = rest.isEmpty ? next : flag.name.count == 2 ? rest : nil
            guard let user else { return nil }
            return after(flag.form == .userColonPassword ? UInt8(ascii: ":") : UInt8(ascii: "%"), in: t, user)
        case .passPrefixed:
            guard rest.isEmpty, let next else { return nil }
            return ASCII.startsExactly(t, at: next.lowerBound, with: passPrefix) ? (next.lowerBound + passPrefix.count)..<next.upperBound : nil
        }
    }

    static let passPrefix = Array("pass:".utf8)

    /// The part of `range` after the first `separator`, if there is one.
    static func after(_ separator: UInt8, in t: ByteText, _ range: Range<Int>) -> Range<Int>? {
        guard let k = t.bytes[range].firstIndex(of: separator) else { return nil }
        return (k + 1)..<range.upperBound
    }

    /// The arguments of the rest of the line from `start`, split at spaces and tabs, quotes taken off (a quoted
    /// argument may hold spaces); the line ends at a newline, a pipe, `;` or `&`, or after 400 bytes.
    static func arguments(_ t: ByteText, from start: Int) -> [Argument] {
        var arguments: [Argument] = []
        var k = start
        let limit = min(t.count, start + 400)
        while k < limit {
            let b = t[k]
            if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") { k += 1; continue }
            if ASCII.oneOf("\n\r|;&", b) { break }
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                var end = k + 1
                while end < limit, t[end] != b, t[end] != UInt8(ascii: "\n") { end += 1 }
                arguments.append(Argument(range: (k + 1)..<end))
                k = end + 1
                continue
            }
            var end = k
            while end < limit, !ASCII.oneOf(" \t\n\r|;&\"'", t[end]) { end += 1 }
            arguments.append(Argument(range: k..<end, gluedToNext: end < limit && (t[end] == UInt8(ascii: "\"") || t[end] == UInt8(ascii: "'"))))
            k = end
        }
        return arguments
    }
}
