import Foundation

/// Credentials recognised by structure or context rather than a prefix.
enum StructuredSecrets {
    static let shortestAWSKeyID = 20
    static let awsKeyIDPrefixes: [[UInt8]] = ["AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA", "APKA"].map { Array($0.utf8) }

    /// AWS access key ids (`AKIA`/`ASIA`... and 16 base32 characters).
    static func awsKeyIDs(_ t: ByteText, _ runs: UnbrokenRuns, _ out: inout [RawFinding]) {
        let prefixes = awsKeyIDPrefixes
        for run in runs.atLeast(shortestAWSKeyID) {
            var i = run.lowerBound
            while i + 20 <= run.upperBound {
                if t[i] == UInt8(ascii: "A"), i == 0 || !ASCII.isAlnum(t[i - 1]), i + 20 == t.count || !ASCII.isAlnum(t[i + 20]),
                   prefixes.contains(where: { p in (0..<4).allSatisfy { t[i + $0] == p[$0] } }),
                   (4..<20).allSatisfy({ ASCII.isUpper(t[i + $0]) || (50...55).contains(t[i + $0]) || ASCII.isDigit(t[i + $0]) }),
                   // Not a run of one letter (documentation placeholders such as AKIAXXXXXXXXXXXXXXXX), nor AWS's own example.
                   Set(t.bytes[(i + 4)..<(i + 20)]).count > 4, !isAWSExample(t.bytes[i..<(i + 20)]) {
                    out.append(RawFinding(category: .secret, type: "AWS_ACCESS_KEY_ID", range: i..<(i + 20)))
                    i += 20
                    continue
                }
                i += 1
            }
        }
    }

    static let credentialWords: Needles = [
        "password", "passwd", "pwd", "pass", "secret", "token", "api_key", "apikey", "api-key", "access_key", "accesskey", "auth", "credential",
        "private_key", "client_secret", "key", "bearer", "session", "signature", "sig", "pw", "contraseña", "mot de passe", "passwort", "wachtwoord",
        "sonar.login", "sonarlogin",
    ]

    static let passwordWords: Needles = ["password", "passwd", "pwd", "passwort", "wachtwoord", "contraseña", "mot de passe", "_pass",
                                          "pass_", "passphrase"]

    /// How a password word and the space after it give the password.
    enum SpokenForm: Equatable {
        /// "the password is X" (the value at `value`), or "the password for user 'postgres' is 'admin'", a few words
        /// on and quoted (`quotedAfterWords`).
        case said(value: Int, quotedAfterWords: Bool)
        /// A command-line flag: `-Password x`.
        case flag
        /// A netrc line: `machine host login user password x`, its value a literal.
        case netrc
        /// A quoted value right after the word: "use password 'correct horse battery staple'", Gradle's
        /// `password "…"`. The value is a passphrase, not a sentence (`isPassphrase`).
        case quoted(value: Int)
    }

    static let spokenIs = Array(" is ".utf8)
    static let netrcWords: Needles = ["login ", "machine "]

    /// The spoken or flag form of a password word that ends at the space `i`, if it is one.
    static func spokenForm(_ t: ByteText, at i: Int) -> SpokenForm? {
        // Fast reject: the word before must end in "d" ("password", "passwd", "pwd").
        guard t[i] == UInt8(ascii: " "), i > 0, ASCII.lowercase(t[i - 1]) == UInt8(ascii: "d") else { return nil }
        var k = i
        while k > 0, ASCII.isLetter(t[k - 1]) { k -= 1 }
        // The word compared in place (most words before a space that end in "d" are "and", "need", "used").
        guard passwordWordBytes.contains(where: { $0.count == i - k && ASCII.hasPrefix(t, at: k, $0) }) else { return nil }
        if ASCII.hasPrefix(t, at: i, spokenIs) { return .said(value: i + 4, quotedAfterWords: false) }
        if i + 2 < t.count, t[i + 1] == UInt8(ascii: "'") || t[i + 1] == UInt8(ascii: "\""), t[i + 2] != UInt8(ascii: " ") { return .quoted(value: i + 1) }
        if let value = quotedValueAfterWords(t, from: i) { return .said(value: value, quotedAfterWords: true) }
        guard i + 1 < t.count, t[i + 1] != UInt8(ascii: " ") else { return nil }
        if k > 0, t[k - 1] == UInt8(ascii: "-") { return .flag }
        return ASCII.contains(t, in: max(0, k - 60)..<k, anyOf: netrcWords) ? .netrc : nil
    }

    /// Where a quoted value starts after " is " a few words on in the same sentence ("the password for user
    /// 'postgres' is 'admin'", "for the user \"pyne-user\" is \"pyne\""): at most six words and 64 bytes, none of them
    /// the end of a sentence.
    static func quotedValueAfterWords(_ t: ByteText, from i: Int) -> Int? {
        var k = i, spaces = 0
        while k + 5 < t.count, k - i < 64, spaces <= 6 {
            let b = t[k]
            if b == UInt8(ascii: "\n") || b == UInt8(ascii: ";") || b == UInt8(ascii: "=") || b == UInt8(ascii: ":") { return nil }
            if ASCII.oneOf(".?!", b), t[k + 1] == UInt8(ascii: " ") || t[k + 1] == UInt8(ascii: "\n") { return nil }
            if b == UInt8(ascii: " ") {
                spaces += 1
                if ASCII.hasPrefix(t, at: k, spokenIs), t[k + 4] == UInt8(ascii: "'") || t[k + 4] == UInt8(ascii: "\"") { return k + 4 }
            }
            k += 1
        }
        return nil
    }

    static let passwordWordBytes = ["password", "passwd", "pwd"].map { Array($0.utf8) }

    /// A comma between the first two quoted arguments of a call (`f('name', 'value')`): a name and its value passed as a
    /// pair. Not a comma in a list of strings (`['Sigmoid', 'SmoothL1Loss']`).
    static func isQuotedPairComma(_ t: ByteText, at i: Int) -> Bool {
        guard i > 1, t[i - 1] == UInt8(ascii: "\"") || t[i - 1] == UInt8(ascii: "'") else { return false }
        let quote = t[i - 1]
        var v = i + 1
        while v < t.count, t[v] == UInt8(ascii: " ") { v += 1 }
        guard v < t.count, t[v] == quote else { return false }
        // The name's opening quote, then the call's parenthesis (or the start of the text).
        var k = i - 2
        while k > 0, t[k] != quote, t[k] != UInt8(ascii: "\n"), i - k < 64 { k -= 1 }
        guard t[k] == quote else { return k == 0 }
        while k > 0, t[k - 1] == UInt8(ascii: " ") { k -= 1 }
        return k == 0 || t[k - 1] == UInt8(ascii: "(")
    }

    static let strongCredentialWords: Needles = ["password", "passwd", "pwd", "secret", "token", "api_key", "apikey", "api-key", "access_key",
                                                  "accesskey", "credential", "private_key", "client_secret", "bearer", "contraseña", "passwort",
                                                  "wachtwoord", "mot de passe", "sonar.login", "sonarlogin"]

    static let placeholders: Needles = ["xxxx", "****", "<", "${", "{{", "changeme", "your_", "your-", "example", "placeholder", "redacted",
                                          "dummy", "test123", "password123", "aaaaaaaa", "12345678", "process.env", "os.environ", "getenv",
                                          "none", "null", "undefined", "true", "false", "secret_key_here", "insert"]

    /// The first byte at or after `i` that may be an operator of `keywordValues`: `=`, `:`, `,`, or a space after a
    /// "d" ("password is", "passwd"...); `bytes.count` when there is none. Sixteen bytes at a time on x86-64, eight
    /// elsewhere and for the last few: the text's other bytes (most of it, spaces included) are passed over without a
    /// branch each.
    static func operatorCandidate(_ bytes: UnsafeBufferPointer<UInt8>, from i: Int) -> Int {
        var k = max(0, i)
        #if arch(x86_64)
        let (found, at) = operatorCandidateSixteenAtATime(bytes, from: k)
        if found { return at }
        k = at
        #endif
        while k < bytes.count {
            let v = EightBytes.load(bytes, from: k, count: min(8, bytes.count - k))
            // Each byte's previous byte, lower-cased by its 0x20 bit (only "D" and "d" become "d").
            let previous = (v << 8 | UInt64(k > 0 ? bytes[k - 1] : 0)) | 0x2020_2020_2020_2020
            let found = EightBytes.equal(v, UInt8(ascii: "=")) | EightBytes.equal(v, UInt8(ascii: ":")) | EightBytes.equal(v, UInt8(ascii: ","))
                | EightBytes.equal(v, UInt8(ascii: " ")) & EightBytes.equal(previous, UInt8(ascii: "d"))
            if found != 0 { return min(bytes.count, k + found.trailingZeroBitCount / 8) }
            k += 8
        }
        return bytes.count
    }

    /// A value after a credential keyword and `=`, `:` or `:=` (quoted or not) that looks random enough: at least 8
    /// characters, mixing character classes, with Shannon entropy of at least 3 bits a character (2.5 for short ones).
    static func keywordValues(_ t: ByteText, _ out: inout [RawFinding]) {
        var i = 0
        while true {
            i = t.bytes.withUnsafeBufferPointer { operatorCandidate($0, from: i) }
            guard i < t.count else { break }
            let b = t[i]
            // Operators: `=`, `:`, `=>`, for passwords also ` is ` and a command-line flag's space (`-Password x`), and the
            // comma between a quoted name and a quoted value (`env('JIRA_API_TOKEN', '…')`, `set("sonar.login", "…")`).
            // Most spaces follow no "d": passed over without a call.
            let spoken = b == UInt8(ascii: " ") && i > 0 && ASCII.lowercase(t[i - 1]) == UInt8(ascii: "d") ? spokenForm(t, at: i) : nil
            let isOperator = b == UInt8(ascii: "=") || b == UInt8(ascii: ":") || spoken != nil || (b == UInt8(ascii: ",") && isQuotedPairComma(t, at: i))
            guard isOperator else { i += 1; continue }
            // The key: the identifier before the operator.
            var keyEnd = i
            while keyEnd > 0, ASCII.oneOf(" \"'!", t[keyEnd - 1]) { keyEnd -= 1 }
            var keyStart = keyEnd
            while keyStart > 0, ASCII.isAlnum(t[keyStart - 1]) || t[keyStart - 1] == UInt8(ascii: "_") || t[keyStart - 1] == UInt8(ascii: "-") || t[keyStart - 1] == UInt8(ascii: ".") { keyStart -= 1 }
            guard keyEnd - keyStart >= 2, keyEnd - keyStart <= 64, ASCII.contains(t, in: keyStart..<keyEnd, anyOf: credentialWords),
                  !ASCII.contains(t, in: keyStart..<keyEnd, anyOf: nonCredentialNames) else { i += 1; continue }
            // Keys named only by a weak word ("key", "auth", "session") need a value mixing upper, lower and digits.
            let weak = !ASCII.contains(t, in: keyStart..<keyEnd, anyOf: strongCredentialWords)
            // A pair of arguments is a name and its value only when the name is plainly a credential's
            // (`("Sigmoid", "SmoothL1Loss")` is two names).
            if b == UInt8(ascii: ","), weak { i += 1; continue }
            // The value.
            var v = i + 1, quotedAfterWords = false
            if case let .said(value, afterWords) = spoken { v = value; quotedAfterWords = afterWords }
            if case let .quoted(value) = spoken { v = value }
            if v < t.count, t[v] == UInt8(ascii: "=") || t[v] == UInt8(ascii: ">") { v += 1 }
            while v < t.count, t[v] == UInt8(ascii: " ") { v += 1 }
            // In YAML an anchor before the value names it (`PASSWORD: &pass 'value'`), and an alias refers to another
            // value (`PASSWORD: *pass`).
            if b == UInt8(ascii: ":"), v + 1 < t.count, t[v] == UInt8(ascii: "&") || t[v] == UInt8(ascii: "*"), ASCII.isAlnum(t[v + 1]) {
                if t[v] == UInt8(ascii: "*") { i += 1; continue }
                while v < t.count, t[v] != UInt8(ascii: " "), t[v] != UInt8(ascii: "\n") { v += 1 }
                while v < t.count, t[v] == UInt8(ascii: " ") { v += 1 }
            }
            var quote: UInt8?
            // A quote escaped inside a string (`\"goodspec\"`) quotes the value all the same.
            if v + 1 < t.count, t[v] == UInt8(ascii: "\\"), t[v + 1] == UInt8(ascii: "\"") || t[v + 1] == UInt8(ascii: "'") { v += 1 }
            if v < t.count, t[v] == UInt8(ascii: "\"") || t[v] == UInt8(ascii: "'") || t[v] == UInt8(ascii: "`") { quote = t[v]; v += 1 }
            var end = v
            // An ampersand ends a value given with `=` (a query's `password=x&next=y`), not one given with `:` or in
            // words, where it is one of the value's characters ("wifi password: Tr0ub4dor&3").
            let ampersandEnds = b == UInt8(ascii: "=")
            while end < t.count, end - v < 200 {
                let c = t[end]
                if let quote { if c == quote || c == UInt8(ascii: "\n") { break } } else if c == UInt8(ascii: " ") || c == UInt8(ascii: "\n") || c == UInt8(ascii: ",") || c == UInt8(ascii: ";") || (c == UInt8(ascii: "&") && ampersandEnds) || c == UInt8(ascii: ")") || c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") { break }
                end += 1
            }
            defer { i = max(i + 1, end) }
            if end > v, t[end - 1] == UInt8(ascii: "\\") { end -= 1 }
            // The colon that ends a condition (`if password == confirm_password:`) is not part of an unquoted value.
            if quote == nil, end > v, t[end - 1] == UInt8(ascii: ":") { end -= 1 }
            let value = t.bytes[v..<end]
            // `key="Name"` in configuration names an entry: the entry's value is what may be secret.
            if keyEnd - keyStart == 3, ASCII.hasPrefix(t, at: keyStart, Array("key".utf8)), value.contains(UInt8(ascii: "_")),
               value.allSatisfy({ ASCII.isAlnum($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }) { continue }
            // A comparison with a literal (`password == 'logmein'`, `creds.Secret != "x"`) is a credential written in code.
            let comparison = t[i] == UInt8(ascii: "=") && ((i > 0 && t[i - 1] == UInt8(ascii: "!")) || (i + 1 < t.count && t[i + 1] == UInt8(ascii: "=")))
            let password = ASCII.contains(t, in: keyStart..<keyEnd, anyOf: passwordWords) || (comparison && quote != nil && !weak)
            // Names of digests are not credentials, whatever the value.
            let digestName = ASCII.contains(t, in: keyStart..<keyEnd, anyOf: digestNames)
            // A literal assigned to a credential name is the credential, hex or not: quoted in code, or a long value of a
            // configuration entry (`CI_TOKEN=<64 hex>`); a password given in hex is a password. Unquoted short hex in
            // prose is more often a digest.
            let allHex = value.allSatisfy({ ASCII.isHex($0) })
            // Both need the line not to present the value as an example ("like this: API_KEY=… (replace with yours)").
            let namedHex = allHex && !weak && !digestName && (password || value.count >= (quote != nil ? 20 : 32))
                && Set(value).count >= 6 && !isSequentialFiller(value) && !presentsAnExample(t, around: v)
            // A UUID named as a token or key is one (Heroku, Postmark and Jenkins issue them), not an object's id.
            let namedUUID = !weak && !digestName && !allHex && isUUID(value) && !keyNamesAnID(t, keyStart..<keyEnd)
                && !presentsAnExample(t, around: v)
            // A password quoted in code or configuration may be a plain word ("thisismypassword"); one that is the name
            // of a documentation placeholder is not.
            // So is the password of a netrc line, unquoted.
            let quotedWord = password && (quote != nil || spoken == .netrc || isEnvironmentEntry(t, key: keyStart..<keyEnd, operator: i))
                && isWord(value) && !isPlaceholderPassword(value)
            // A password said a few words on ("the password for user 'postgres' is 'admin'") is one word, and may be short.
            if quotedAfterWords, quote == nil || !isWord(value) { continue }
            if case .quoted = spoken, !isPassphrase(value) { continue }
            guard value.count >= (quotedAfterWords ? 4 : password ? 6 : 8), !ASCII.contains(t, in: v..<end, anyOf: placeholders),
                  namedHex || namedUUID || quotedWord || !isReferenceOrDigest(value)
            else { continue }
            // People choose passwords: any non-placeholder value counts; other secrets must look random.
            guard password || namedHex || namedUUID || looksRandom(value) else { continue }
            if weak, !password, !mixesCasesAndDigits(value) { continue }
            out.append(RawFinding(category: .secret, type: "GENERIC_SECRET", range: v..<end, score: 0.8))
        }
    }

    /// Names with a credential word that name something else: a page or request token, a token's type, a tokenizer.
    static let nonCredentialNames: Needles = ["token_type", "tokentype", "next_token", "nexttoken", "nextpagetoken", "page_token", "pagetoken",
                                              "input_token", "output_token", "continuation", "cancellation", "idempotency", "requesttoken",
                                              "request_token", "tokenizer", "max_tokens", "pagination"]

    static let digestNames: Needles = ["hash", "sha", "md5", "digest", "checksum", "fingerprint", "commit", "etag", "salt", "nonce"]

    static let exampleCues: Needles = ["like this", "replace", "e.g.", "for example", "example", "sample", "such as"]

    /// Whether the line around `position` presents what it holds as an example of a format.
    static func presentsAnExample(_ t: ByteText, around position: Int) -> Bool {
        var start = position, end = position
        while start > 0, t[start - 1] != UInt8(ascii: "\n"), position - start < 200 { start -= 1 }
        while end < t.count, t[end] != UInt8(ascii: "\n"), end - position < 200 { end += 1 }
        return ASCII.contains(t, in: start..<end, anyOf: exampleCues)
    }

    /// A line of an environment file (`DB_PASS=value`, `export X=value`, commented out or not): an upper-case name
    /// right before `=`, at the start of the line. Its unquoted value is a literal, not a variable.
    static func isEnvironmentEntry(_ t: ByteText, key: Range<Int>, operator i: Int) -> Bool {
        guard t[i] == UInt8(ascii: "="), key.upperBound == i, !key.isEmpty,
              t.bytes[key].allSatisfy({ ASCII.isUpper($0) || ASCII.isDigit($0) || $0 == UInt8(ascii: "_") }) else { return false }
        var k = key.lowerBound
        if k >= 7, ASCII.hasPrefix(t, at: k - 7, Array("export ".utf8)) { k -= 7 }
        while k > 0, t[k - 1] == UInt8(ascii: " ") || t[k - 1] == UInt8(ascii: "#") || t[k - 1] == UInt8(ascii: "\t") { k -= 1 }
        return k == 0 || t[k - 1] == UInt8(ascii: "\n")
    }

    /// 8-4-4-4-12 hexadecimal digits.
    static func isUUID(_ value: ArraySlice<UInt8>) -> Bool {
        guard value.count == 36 else { return false }
        for (k, b) in value.enumerated() {
            if [8, 13, 18, 23].contains(k) ? b != UInt8(ascii: "-") : !ASCII.isHex(b) { return false }
        }
        return true
    }

    /// Whether a key is the id of something (`token_id`, `secretId`, `api_key_id`) rather than the credential.
    static func keyNamesAnID(_ t: ByteText, _ key: Range<Int>) -> Bool {
        guard key.count >= 2 else { return false }
        let last = t[key.upperBound - 1], before = t[key.upperBound - 2]
        return ASCII.lowercase(last) == UInt8(ascii: "d") && (before == UInt8(ascii: "I") || ASCII.lowercase(before) == UInt8(ascii: "i"))
            && (key.count == 2 || !ASCII.isLetter(t[key.upperBound - 3]) || before == UInt8(ascii: "I"))
    }

    /// Whether a value quoted right after a password word can be a passphrase: printable ASCII, starting with a
    /// letter or digit, a few words at most, and no sentence ("says the secret password \"I'm sorry, but…\"") nor a
    /// constant's name as a placeholder (`password "SOME_PASSWORD"`).
    static func isPassphrase(_ value: ArraySlice<UInt8>) -> Bool {
        guard let first = value.first, ASCII.isAlnum(first), value.allSatisfy({ $0 > 0x20 && $0 < 0x7F || $0 == UInt8(ascii: " ") }),
              value.count(where: { $0 == UInt8(ascii: " ") }) <= 5 else { return false }
        let sentence = zip(value, value.dropFirst()).contains { ASCII.oneOf(".,;:!?", $0) && $1 == UInt8(ascii: " ") }
        let constant = value.contains(UInt8(ascii: "_")) && value.allSatisfy { ASCII.isUpper($0) || ASCII.isDigit($0) || $0 == UInt8(ascii: "_") }
        return !sentence && !constant
    }

    /// Letters, digits and `_-.!`: a word someone chose, not a reference (those are rejected before).
    static func isWord(_ value: ArraySlice<UInt8>) -> Bool {
        value.allSatisfy { ASCII.isAlnum($0) || ASCII.oneOf("_-.!", $0) } && !(value.first.map { $0 == UInt8(ascii: "#") } ?? true)
    }

    static let digestPrefixes: [[UInt8]] = ["sha1:", "sha256:", "sha384:", "sha512:", "sha1-", "sha256-", "sha384-", "sha512-", "md5:",
                                            "data:", "http://", "https://", "file:", "blake2"].map { Array($0.utf8) }

    /// Values that are not secrets whatever their entropy: hex digests and git ids, UUIDs, content digests and data
    /// URLs, and references to a secret kept elsewhere (`$VAR`, `env.X`, function calls).
    static func isReferenceOrDigest(_ value: ArraySlice<UInt8>) -> Bool {
        // A quoted reference inside another quote (`"'$VAR'"`) is still a reference.
        let value = value.drop { $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "\"") }
        guard !value.isEmpty else { return true }
        if value.allSatisfy({ ASCII.isHex($0) }) { return true }
        // Anchors and selectors (`#add-password`).
        if value.first == UInt8(ascii: "#"), value.dropFirst().allSatisfy({ ASCII.isLetter($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }) { return true }
        // Paths and identifiers (letters and underscores only) are names of things, not secrets.
        if value.first == UInt8(ascii: "/") || value.starts(with: "./".utf8) { return true }
        if value.count < 24, value.allSatisfy({ ASCII.isLetter($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }) { return true }
        // Interpolations and escaped placeholders: #{x}, $(cmd), &lt;value&gt;.
        for marker in ["#{", "$(", "&lt;", "&gt;", "%(", "{{"] where value.firstRange(of: Array(marker.utf8)) != nil { return true }
        if isSequentialFiller(value) || isAWSExample(value) { return true }
        if value.allSatisfy({ ASCII.isHex($0) || $0 == UInt8(ascii: "-") }), value.filter({ $0 == UInt8(ascii: "-") }).count == 4 { return true }
        let lower = value.prefix(8).map(ASCII.lowercase)
        if digestPrefixes.contains(where: { lower.starts(with: $0) }) { return true }
        if value.first == UInt8(ascii: "$") || value.first == UInt8(ascii: "%") || value.first == UInt8(ascii: "@") { return true }
        if value.contains(UInt8(ascii: "(")) || value.contains(UInt8(ascii: "{")) || value.contains(UInt8(ascii: "[")) { return true }
        if lower.starts(with: Array("env.".utf8)) || lower.starts(with: Array("process.".utf8)) { return true }
        // A public key or certificate is not a secret (private keys are found on their own).
        if value.starts(with: pemBegin) { return true }
        return CodeReference.matches(value)
    }

    /// The example credentials of AWS's documentation (`AKIAIOSFODNN7EXAMPLE`, `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`),
    /// which its guides, SDKs' tests and blog posts copy: no account's keys end so.
    static func isAWSExample(_ value: ArraySlice<UInt8>) -> Bool {
        value.count >= 16 && (value.suffix(7).elementsEqual("EXAMPLE".utf8) || value.suffix(10).elementsEqual("EXAMPLEKEY".utf8))
    }

    /// Documentation fillers: a run of six or more consecutive letters or digits ("abcdefg", "123456", "ABCDEFGHIJ"),
    /// or alternating ones ("a1b2c3d4").
    static func isSequentialFiller(_ value: ArraySlice<UInt8>) -> Bool {
        let bytes = Array(value)
        var run = 1
        for k in 1..<max(1, bytes.count) where k < bytes.count {
            run = bytes[k] == bytes[k - 1] &+ 1 && ASCII.isAlnum(bytes[k]) ? run + 1 : 1
            if run >= 6 { return true }
        }
        var alternating = 0
        var k = 0
        while k + 3 < bytes.count {
            if ASCII.isLetter(bytes[k]), ASCII.isDigit(bytes[k + 1]), bytes[k + 2] == bytes[k] &+ 1, bytes[k + 3] == bytes[k + 1] &+ 1 {
                alternating += 1
                if alternating >= 2 { return true }
                k += 2
            } else {
                alternating = 0
                k += 1
            }
        }
        return false
    }

    /// Whether a value holds capitals, small letters and digits, each.
    static func mixesCasesAndDigits(_ value: ArraySlice<UInt8>) -> Bool {
        value.contains(where: ASCII.isUpper) && value.contains(where: ASCII.isLower) && value.contains(where: ASCII.isDigit)
    }

    static func looksRandom(_ value: ArraySlice<UInt8>) -> Bool {
        var classes = 0
        if value.contains(where: ASCII.isDigit) { classes += 1 }
        if value.contains(where: ASCII.isLower) { classes += 1 }
        if value.contains(where: ASCII.isUpper) { classes += 1 }
        if value.contains(where: { !ASCII.isAlnum($0) }) { classes += 1 }
        // Short values must mix more kinds of characters (words with one symbol are examples, not secrets).
        guard classes >= (value.count < 16 ? 3 : 2) else { return false }
        let entropy = shannonEntropy(value)
        return entropy >= (value.count < 16 ? 2.5 : 3.0)
    }

    static func shannonEntropy(_ value: ArraySlice<UInt8>) -> Double {
        var counts = [Int](repeating: 0, count: 256)
        for b in value { counts[Int(b)] += 1 }
        let n = Double(value.count)
        return counts.reduce(0.0) { sum, c in c == 0 ? sum : sum - Double(c) / n * log2(Double(c) / n) }
    }

    static let shortestAWSSecret = 40
    static let awsSecretContext: Needles = ["aws", "secret"]

    /// AWS secret access keys: 40 base64 characters near a word that names them.
    static func awsSecrets(_ t: ByteText, _ runs: UnbrokenRuns, _ out: inout [RawFinding]) {
        for run in runs.atLeast(shortestAWSSecret) {
            var i = run.lowerBound
            while i + 40 <= run.upperBound {
                guard i == 0 || !TokenRule.Alphabet.base64.contains(t[i - 1]) else { i += 1; continue }
                var j = i
                while j < t.count, j - i <= 40, ASCII.isAlnum(t[j]) || t[j] == UInt8(ascii: "/") || t[j] == UInt8(ascii: "+") { j += 1 }
                defer { i = max(i + 1, j) }
                let value = t.bytes[i..<j]
                guard j - i == 40, j == t.count || !TokenRule.Alphabet.base64.contains(t[j]), looksRandom(value), !value.allSatisfy({ ASCII.isHex($0) }),
                      !isSequentialFiller(value), !isAWSExample(value), !CodeReference.matches(value) else { continue }
                // With context, any random-looking 40 characters; without, only strongly random ones of both cases and digits.
                let context = ASCII.contains(t, in: max(0, i - 60)..<i, anyOf: awsSecretContext)
                let strong = mixesCasesAndDigits(value)
                    && shannonEntropy(value) >= 4.3
                guard context || strong else { continue }
                out.append(RawFinding(category: .secret, type: "AWS_SECRET_ACCESS_KEY", range: i..<j, score: context ? 1 : 0.7))
            }
        }
    }

    static let authorizationSchemes = [("bearer ", "BEARER_TOKEN"), ("ssws ", "BEARER_TOKEN"), ("basic ", "HTTP_BASIC_AUTH"), ("token ", "BEARER_TOKEN")]

    /// A bearer token in an `Authorization` header written into a prompt or a command, after the scheme `n` of
    /// `authorizationSchemes` at `i` (found by `SecretKeywords`); returns where the scheme's search goes on.
    static func bearerToken(_ t: ByteText, scheme n: Int, at i: Int, _ out: inout [RawFinding]) -> Int {
        let (scheme, type) = authorizationSchemes[n]
        let v = i + scheme.utf8.count
        var end = v
        while end < t.count, ASCII.isAlnum(t[end]) || ASCII.oneOf("-._~+/=", t[end]) { end += 1 }
        let value = t.bytes[v..<end]
        let next = max(i + 1, end)
        // An Authorization credential is one by its position: long enough and not a placeholder or filler.
        guard value.count >= (scheme == "token " ? 20 : 12), !ASCII.contains(t, in: v..<end, anyOf: placeholders), !isSequentialFiller(value),
              value.contains(where: ASCII.isDigit), Set(value).count >= 6
        else { return next }
        if type == "HTTP_BASIC_AUTH" {
            guard let decoded = Base64Segments.decode(value), decoded.contains(UInt8(ascii: ":")),
                  String(validating: decoded, as: UTF8.self) != nil else { return next }
        }
        if scheme == "token ", !looksRandom(value) { return next }
        out.append(RawFinding(category: .secret, type: type, range: v..<end, score: 0.9))
        return next
    }

    static let pemBegin = Array("-----BEGIN ".utf8)
    /// The PEM header and its base64 encoding, as `ASCII.hasPrefix` compares them (ignoring case).
    static let pemBeginIgnoringCase = Array("-----begin ".utf8), encodedPEMBeginIgnoringCase = Array("ls0tls1crudjtib".utf8)

    /// PEM and OpenSSH private keys (the whole block, or to the end of the text if it is cut), and PEM keys
    /// base64-encoded once more (`LS0tLS1CRUdJTi...`).
    static func privateKeys(_ t: ByteText, _ out: inout [RawFinding]) {
        let pemBegin = Self.pemBegin, header = Self.pemBeginIgnoringCase, encodedHeader = Self.encodedPEMBeginIgnoringCase
        var i = 0
        // A key starts at a dash (`-----BEGIN`) or an "L" (`LS0tLS1CRUdJTi`, the same base64-encoded).
        var dash = ByteCursor(UInt8(ascii: "-")), ell = ByteCursor(UInt8(ascii: "L"))
        while i + pemBegin.count < t.count {
            i = min(dash.next(in: t, from: i), ell.next(in: t, from: i))
            guard i + pemBegin.count < t.count else { break }
            if t[i] == UInt8(ascii: "-"), ASCII.hasPrefix(t, at: i, header) {
                var j = i + pemBegin.count
                while j < t.count, t[j] != UInt8(ascii: "-"), t[j] != UInt8(ascii: "\n"), j - i < 60 { j += 1 }
                let label = t.string((i + pemBegin.count)..<j)
                if label.hasSuffix("PRIVATE KEY") || label.hasSuffix("PRIVATE KEY BLOCK") {
                    let endMarker = Array("-----END \(label)-----".utf8)
                    var end = t.count
                    var k = j
                    while k + endMarker.count <= t.count {
                        if t[k] == UInt8(ascii: "-"), (0..<endMarker.count).allSatisfy({ t[k + $0] == endMarker[$0] }) { end = k + endMarker.count; break }
                        k += 1
                    }
                    out.append(RawFinding(category: .secret, type: "PRIVATE_KEY", range: i..<end))
                    i = end
                    continue
                }
            }
            if t[i] == UInt8(ascii: "L"), ASCII.hasPrefix(t, at: i, encodedHeader) {
                var j = i
                while j < t.count, TokenRule.Alphabet.base64.contains(t[j]) { j += 1 }
                if let decoded = Base64Segments.decode(t.bytes[i..<j]), String(decoding: decoded.prefix(80), as: UTF8.self).contains("PRIVATE KEY") {
                    out.append(RawFinding(category: .secret, type: "PRIVATE_KEY", range: i..<j))
                    i = j
                    continue
                }
            }
            i += 1
        }
    }

    /// A JWT's shortest: two parts of at least `eyJ` and a third, 30 characters in all.
    static let shortestJWT = 30

    /// JSON Web Tokens: three base64url parts, the first two decoding to JSON objects.
    static func jwts(_ t: ByteText, _ runs: UnbrokenRuns, _ out: inout [RawFinding]) {
        for run in runs.atLeast(shortestJWT) {
            var i = run.lowerBound
            while i + shortestJWT <= run.upperBound {
                guard t[i] == UInt8(ascii: "e"), t[i + 1] == UInt8(ascii: "y"), t[i + 2] == UInt8(ascii: "J"), i == 0 || !ASCII.isAlnum(t[i - 1]) else { i += 1; continue }
                var j = i, dots = 0
                while j < t.count, ASCII.isAlnum(t[j]) || t[j] == UInt8(ascii: "-") || t[j] == UInt8(ascii: "_") || (t[j] == UInt8(ascii: ".") && dots < 2) {
                    if t[j] == UInt8(ascii: ".") { dots += 1 }
                    j += 1
                }
                defer { i = max(i + 1, j) }
                guard dots == 2, let second = t.bytes[i..<j].split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).dropFirst().first,
                      second.starts(with: "eyJ".utf8), j - i >= shortestJWT
                else { continue }
                out.append(RawFinding(category: .secret, type: "JWT", range: i..<j))
            }
        }
    }

    static let schemes: [[UInt8]] = ["postgres", "postgresql", "mysql", "mariadb", "mongodb", "mongodb+srv", "redis", "rediss", "amqp", "amqps",
                                     "mssql", "sqlserver", "jdbc:postgresql", "jdbc:mysql", "ftp", "sftp", "smtp", "smtps", "ldap", "ldaps",
                                     "http", "https", "git", "ssh", "oracle", "cockroachdb", "clickhouse", "neo4j", "nats"].map { Array($0.utf8) }

    /// Passwords in URLs that are documentation words, not passwords (`postgres://user:password@host`). Not `secret`:
    /// documentation uses it, but so do the development databases of docker-compose files and framework defaults.
    static let urlPlaceholderPasswords: Set<String> = ["password", "pass", "pwd", "passwd", "pw", "user", "username", "xxx",
                                                       "changeme", "changeit", "test"]

    /// Whether a password is one of those words, in any case.
    static func isPlaceholderPassword(_ value: ArraySlice<UInt8>) -> Bool {
        urlPlaceholderPasswords.contains(String(decoding: value.map(ASCII.lowercase), as: UTF8.self))
    }

    /// Whether the value at `value`, which its place names as a password (a call's password argument, a command's
    /// password flag, a password file's field), is a literal password: four characters or more, not starting with one
    /// of `references` (the sigils of a variable or a substitution there), not a documentation placeholder.
    static func isLiteralPassword(_ t: ByteText, _ value: Range<Int>, notStartingWith references: StaticString) -> Bool {
        let bytes = t.bytes[value]
        guard bytes.count >= 4, let first = bytes.first, !ASCII.oneOf(references, first) else { return false }
        return !isPlaceholderPassword(bytes) && !ASCII.contains(t, in: value, anyOf: placeholders)
    }

    static let connectionStringKeys = ["password=", "pwd=", "accountkey=", "sharedaccesskey=", "access_key="]

    /// URLs with a password (`scheme://user:password@host`).
    static func connectionURLs(_ t: ByteText, _ out: inout [RawFinding]) {
        var i = 0
        while i + 3 < t.count {
            // From one colon to the next (a vectorized search), not every byte.
            i = t.next(UInt8(ascii: ":"), from: i)
            guard i + 3 < t.count else { return }
            guard t[i + 1] == UInt8(ascii: "/"), t[i + 2] == UInt8(ascii: "/") else { i += 1; continue }
            var s = i
            while s > 0, ASCII.isAlnum(t[s - 1]) || t[s - 1] == UInt8(ascii: "+") || t[s - 1] == UInt8(ascii: ":") { s -= 1 }
            guard schemes.contains(where: { $0.count == i - s && ASCII.hasPrefix(t, at: s, $0) }) else { i += 3; continue }
            var j = i + 3, colon: Int?, at: Int?
            while j < t.count, !ASCII.oneOf(" \n\"'<>`", t[j]) {
                if t[j] == UInt8(ascii: ":"), colon == nil, at == nil { colon = j }
                if t[j] == UInt8(ascii: "@") { at = j }
                if t[j] == UInt8(ascii: "/"), at != nil { break }
                j += 1
            }
            defer { i = max(i + 3, j) }
            guard let colon, let at, at > colon + 1, colon > i + 3 else { continue }
            let password = t.bytes[(colon + 1)..<at]
            guard !ASCII.contains(t, in: (colon + 1)..<at, anyOf: placeholders), password.count >= 3,
                  !isPlaceholderPassword(password),
                  !(password.first == UInt8(ascii: "$") || password.first == UInt8(ascii: "{"))
            else { continue }
            out.append(RawFinding(category: .secret, type: "DATABASE_URL", range: s..<j, score: 0.95))
        }
    }

    /// A connection string's `Password=` or `AccountKey=`, the key `n` of `connectionStringKeys` at `k` (found by
    /// `SecretKeywords`); returns where the key's search goes on.
    static func connectionStringEntry(_ t: ByteText, key n: Int, at k: Int, _ out: inout [RawFinding]) -> Int {
        let key = connectionStringKeys[n]
        guard opensConnectionStringEntry(t, at: k) else { return k + key.utf8.count }
        let v = k + key.utf8.count
        // After `?` or `&` the entry is a query's (`/login?user=ann&password=x&next=/home`): `&`, a space or `#` ends it.
        let inQuery = k > 0 && (t[k - 1] == UInt8(ascii: "?") || t[k - 1] == UInt8(ascii: "&"))
        var end = v
        while end < t.count, t[end] != UInt8(ascii: ";"), t[end] != UInt8(ascii: "\n"), t[end] != UInt8(ascii: "\""), t[end] != UInt8(ascii: "'"),
              !(inQuery && ASCII.oneOf("& #", t[end])) {
            end += 1
        }
        let value = t.bytes[v..<end]
        if value.count >= 6, !ASCII.contains(t, in: v..<end, anyOf: placeholders), !value.allSatisfy({ $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: "-") }),
           !isConnectionStringReference(value) {
            out.append(RawFinding(category: .secret, type: key.hasPrefix("account") || key.hasPrefix("shared") ? "AZURE_STORAGE_KEY" : "CONNECTION_STRING_PASSWORD",
                                  range: v..<end, score: 0.9))
        }
        return end
    }

    /// Whether a connection-string key at `k` starts an entry: after a separator (`;`, `&`, `?`), a quote, another
    /// entry and a space (libpq's `user=apache password=x`), or at the start of an unindented line (an ini file).
    /// Indented or after other words, `password=password,` is a keyword argument in code.
    static func opensConnectionStringEntry(_ t: ByteText, at k: Int) -> Bool {
        var before = k
        while before > 0, t[before - 1] == UInt8(ascii: " ") { before -= 1 }
        guard before > 0 else { return true }
        if ASCII.oneOf(";&?\"'", t[before - 1]) { return true }
        if t[before - 1] == UInt8(ascii: "\n") { return before == k }
        guard before < k else { return false }
        var word = before
        while word > 0, !ASCII.oneOf(" \n", t[word - 1]) { word -= 1 }
        return t.bytes[word..<before].contains(UInt8(ascii: "="))
    }

    /// A connection string's value that stands for the credential rather than being it: a variable or a command
    /// (`$VAR`, `$(cmd)`, `%VAR%`), an interpolation (`#{password}`), a bracketed or angled placeholder
    /// (`[key goes here]`), or a documentation word (`password=password`, as in URLs).
    static func isConnectionStringReference(_ value: ArraySlice<UInt8>) -> Bool {
        guard let first = value.first else { return true }
        if ASCII.oneOf("$%[{<", first) || value.starts(with: "#{".utf8) { return true }
        return isPlaceholderPassword(value)
    }

    /// Unix crypt and bcrypt password hashes (`$2b$12$...`, `$6$salt$...`, `$1$...`, `$5$...`).
    static func passwordHashes(_ t: ByteText, _ out: inout [RawFinding]) {
        var i = 0
        while i + 20 < t.count {
            i = t.next(UInt8(ascii: "$"), from: i)
            guard i + 20 < t.count else { break }
            guard i == 0 || !ASCII.isAlnum(t[i - 1]) else { i += 1; continue }
            // `$id$`: crypt(3) ids (1, 2a/2b/2y, 5, 6, 7, 8, 9, y, gy) and hash-cracking formats (krb5asrep, krb5tgs...).
            var idEnd = i + 1
            while idEnd < t.count, idEnd - i <= 12, ASCII.isAlnum(t[idEnd]) { idEnd += 1 }
            guard idEnd < t.count, idEnd > i + 1, t[idEnd] == UInt8(ascii: "$") else { i += 1; continue }
            // Kerberos formats carry `user@REALM:` inside the hash.
            let kerberos = ASCII.hasPrefix(t, at: i + 1, Array("krb5".utf8))
            var j = i
            while j < t.count, ASCII.isAlnum(t[j]) || ASCII.oneOf("$./=,", t[j]) || (kerberos && ASCII.oneOf("@:*-", t[j])) { j += 1 }
            defer { i = max(i + 1, j) }
            guard j - i >= 26 else { continue }
            out.append(RawFinding(category: .secret, type: "PASSWORD_HASH", range: i..<j, score: 0.9))
        }
    }

    /// Google service-account key files: JSON with `"type": "service_account"` and a private key.
    static let serviceAccountMarkers: (type: Needles, field: [UInt8]) = (["service_account"], Array("\"private_key\"".utf8))

    static func googleServiceAccounts(_ t: ByteText, _ out: inout [RawFinding]) {
        // The `"private_key"` field first: its quote and "p" are a rare pair, where "service_account" starts like "service".
        let markers = serviceAccountMarkers, needle = markers.field
        var k = t.next(needle[0], from: 0)
        while k + needle.count < t.count {
            if ASCII.hasPrefix(t, at: k, needle) {
                guard ASCII.contains(t, in: 0..<t.count, anyOf: markers.type) else { return }
                out.append(RawFinding(category: .secret, type: "GOOGLE_SERVICE_ACCOUNT_KEY", range: k..<min(t.count, k + needle.count + 60)))
                return
            }
            k = t.next(needle[0], from: k + 1)
        }
    }
}
