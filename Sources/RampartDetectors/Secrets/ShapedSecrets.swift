/// Credentials recognised by shape where no prefix names them: a run of letters and digits whose length and layout
/// are one provider's (Azure DevOps, New Relic, Mailchimp, TrueNAS, Salesforce, Telegram), or a value in a command or
/// configuration line that names it (Vault unseal keys, PsExec's `-p`, .NET `<add key="…Password" value="…"/>`).
enum ShapedSecrets {
    /// The shortest shape below: a Kubernetes bootstrap token's 16-character secret.
    static let shortestShape = 16

    /// One pass over the runs of letters and digits inside the unbroken runs long enough to hold a shape.
    static func runs(_ t: ByteText, _ runs: UnbrokenRuns, _ out: inout [RawFinding]) {
        for run in runs.atLeast(shortestShape) {
            var i = run.lowerBound
            while i < run.upperBound {
                guard ASCII.isAlnum(t[i]) else { i += 1; continue }
                var j = i
                while j < run.upperBound, ASCII.isAlnum(t[j]) { j += 1 }
                if let match = shaped(t, run: i..<j) { out.append(match) }
                i = j
            }
        }
    }

    @inline(__always) static func isLowerAlnum(_ b: UInt8) -> Bool { ASCII.isLower(b) || ASCII.isDigit(b) }

    static let bootstrapTokenContext: Needles = ["token", "bootstrap", "kubeadm"]
    static let bootstrapSecretKey: Needles = ["token-secret"]

    /// The credential the run `run` begins, if its shape is one.
    static func shaped(_ t: ByteText, run: Range<Int>) -> RawFinding? {
        let (i, j) = (run.lowerBound, run.upperBound)
        let n = j - i
        let bytes = t.bytes
        // A run glued on the left to `_`, `-` or `.` is the tail of a longer name or token.
        if i > 0, ASCII.oneOf("_-.", bytes[i - 1]) { return nil }
        switch n {
        case 6 where j + 17 <= t.count && bytes[j] == UInt8(ascii: ".") && bytes[run].allSatisfy(isLowerAlnum):
            // Kubernetes bootstrap tokens (`kubeadm join --token abcdef.0123456789abcdef`): an id, a dot and a
            // 16-character secret, near a word that names them.
            let secret = (j + 1)..<(j + 17)
            guard bytes[secret].allSatisfy(isLowerAlnum), j + 17 == t.count || !(ASCII.isAlnum(bytes[j + 17]) || ASCII.oneOf("-_.", bytes[j + 17])),
                  bytes[secret].contains(where: ASCII.isDigit), ASCII.contains(t, in: max(0, i - 40)..<i, anyOf: bootstrapTokenContext)
            else { return nil }
            return RawFinding(category: .secret, type: "KUBERNETES_BOOTSTRAP_TOKEN", range: i..<(j + 17), score: 0.9)
        case 16 where bytes[run].allSatisfy(isLowerAlnum) && bytes[run].contains(where: ASCII.isDigit)
            && ASCII.contains(t, in: max(0, i - 16)..<i, anyOf: bootstrapSecretKey):
            // The same token kept as a Secret of type bootstrap.kubernetes.io/token: `token-secret: 0123456789abcdef`.
            return RawFinding(category: .secret, type: "KUBERNETES_BOOTSTRAP_TOKEN", range: run, score: 0.9)
        case 84 where bytes[(i + 76)..<(i + 80)].elementsEqual("AZDO".utf8):
            // Azure DevOps personal access tokens since 2024: 84 characters with AZDO at 76.
            return RawFinding(category: .secret, type: "AZURE_DEVOPS_TOKEN", range: run)
        case 52 where bytes[run].allSatisfy({ ASCII.isLower($0) || (50...55).contains($0) }) && bytes[run].contains(where: ASCII.isDigit)
            && ASCII.contains(t, in: max(0, i - 48)..<i, anyOf: azureDevOpsContext):
            // The older ones: 52 characters of lowercase base32, near a word that names them.
            return RawFinding(category: .secret, type: "AZURE_DEVOPS_TOKEN", range: run, score: 0.9)
        case 40 where bytes[(i + 36)..<j].elementsEqual("NRAL".utf8)
            && bytes[i..<(i + 36)].allSatisfy({ ASCII.isLower($0) || ASCII.isDigit($0) }) && !StructuredSecrets.isSequentialFiller(bytes[i..<(i + 36)]):
            return RawFinding(category: .secret, type: "NEWRELIC_KEY", range: run)
        case 32 where bytes[run].allSatisfy({ ASCII.isDigit($0) || (97...102).contains($0) }):
            // Mailchimp: 32 lowercase hex digits, `-us` and the data centre's number.
            guard j + 4 <= t.count, bytes[j] == UInt8(ascii: "-"), bytes[j + 1] == UInt8(ascii: "u"), bytes[j + 2] == UInt8(ascii: "s"),
                  ASCII.isDigit(bytes[j + 3]) else { return nil }
            var end = j + 4
            if end < t.count, ASCII.isDigit(bytes[end]) { end += 1 }
            guard end == t.count || !ASCII.isAlnum(bytes[end]) else { return nil }
            return RawFinding(category: .secret, type: "MAILCHIMP_API_KEY", range: i..<end)
        case 1...3 where bytes[run].allSatisfy(ASCII.isDigit):
            // TrueNAS API keys: the key's number, a dash and 64 letters and digits.
            guard j + 65 <= t.count, bytes[j] == UInt8(ascii: "-") else { return nil }
            var end = j + 1
            while end < t.count, ASCII.isAlnum(bytes[end]) { end += 1 }
            guard end - j - 1 == 64, end == t.count || !ASCII.oneOf("-_.", bytes[end]), StructuredSecrets.looksRandom(bytes[(j + 1)..<end])
            else { return nil }
            return RawFinding(category: .secret, type: "TRUENAS_API_KEY", range: i..<end)
        case 15...18 where bytes[i] == UInt8(ascii: "0") && bytes[i + 1] == UInt8(ascii: "0") && bytes[i + 2] == UInt8(ascii: "D"):
            // Salesforce session ids: the org id (00D…), `!` and the session's 50 or more characters.
            guard j < t.count, bytes[j] == UInt8(ascii: "!") else { return nil }
            var end = j + 1
            while end < t.count, ASCII.isAlnum(bytes[end]) || bytes[end] == UInt8(ascii: ".") || bytes[end] == UInt8(ascii: "_") { end += 1 }
            guard end - j - 1 >= 50 else { return nil }
            return RawFinding(category: .secret, type: "SALESFORCE_TOKEN", range: i..<end)
        case 8...13:
            // Telegram bot tokens: the bot's number, a colon and 35 characters from AA on ("123456789:AAH…"), alone
            // or in the Bot API's URLs (".../bot123456789:AAH…/sendMessage").
            let number = n > 3 && bytes[i..<(i + 3)].elementsEqual("bot".utf8) ? i + 3 : i
            guard (8...10).contains(j - number), bytes[number..<j].allSatisfy(ASCII.isDigit), j + 36 <= t.count, bytes[j] == UInt8(ascii: ":"),
                  bytes[j + 1] == UInt8(ascii: "A"), bytes[j + 2] == UInt8(ascii: "A"),
                  bytes[(j + 1)..<(j + 36)].allSatisfy(TokenRule.Alphabet.base62Dash.contains),
                  j + 36 == t.count || !TokenRule.Alphabet.base62Dash.contains(bytes[j + 36])
            else { return nil }
            return RawFinding(category: .secret, type: "TELEGRAM_BOT_TOKEN", range: number..<(j + 36))
        default:
            return nil
        }
    }

    static let azureDevOpsContext: Needles = ["pat", "devops", "azure", "ado", "accesstoken", "access_token", "token"]

    /// The commands and configuration lines that name a credential's value, by the word that starts them.
    enum NamedForm: CaseIterable {
        /// `Unseal Key 2: KEY`, `vault operator unseal KEY`.
        case unseal
        /// `psexec \\host -u user -p PASSWORD`.
        case psexec
        /// .NET configuration: `<add key="…Password" value="…"/>`.
        case configKey

        var word: String {
            switch self {
            case .unseal: "unseal"
            case .psexec: "psexec"
            case .configKey: "key=\""
            }
        }
    }

    /// The value that the command or configuration line starting with `form`'s word at `i` names (found by
    /// `SecretKeywords`).
    static func named(_ t: ByteText, _ form: NamedForm, at i: Int, _ out: inout [RawFinding]) {
        let after = i + form.word.utf8.count
        switch form {
        case .unseal:
            if let range = unsealKey(t, after: after) { out.append(RawFinding(category: .secret, type: "VAULT_UNSEAL_KEY", range: range)) }
        case .psexec:
            if let range = flagValue(t, flag: Array(" -p ".utf8), from: after) {
                out.append(RawFinding(category: .secret, type: "GENERIC_SECRET", range: range, score: 0.8))
            }
        case .configKey:
            if let range = configurationValue(t, keyAt: after) {
                out.append(RawFinding(category: .secret, type: "GENERIC_SECRET", range: range, score: 0.8))
            }
        }
    }

    /// `Unseal Key 2: KEY` and `vault operator unseal KEY`: 44 base64 characters within the next few words.
    static func unsealKey(_ t: ByteText, after start: Int) -> Range<Int>? {
        var k = start
        while k < min(t.count, start + 16) {
            guard TokenRule.Alphabet.base64.contains(t[k]) else { k += 1; continue }
            var end = k
            while end < t.count, TokenRule.Alphabet.base64.contains(t[end]) { end += 1 }
            if (44...45).contains(end - k), StructuredSecrets.looksRandom(t.bytes[k..<end]) { return k..<end }
            k = end
        }
        return nil
    }

    /// The word after `flag` on the same line (a password given on a command line), unless it is a variable.
    static func flagValue(_ t: ByteText, flag: [UInt8], from start: Int) -> Range<Int>? {
        var k = start
        while k + flag.count < t.count, t[k] != UInt8(ascii: "\n") {
            if ASCII.hasPrefix(t, at: k, flag) {
                let v = k + flag.count
                var end = v
                while end < t.count, !ASCII.oneOf(" \t\r\n\"'", t[end]) { end += 1 }
                let value = t.bytes[v..<end]
                guard value.count >= 4, !ASCII.oneOf("%$", value.first!), !value.allSatisfy({ ASCII.isUpper($0) || $0 == UInt8(ascii: "_") }) else { return nil }
                return v..<end
            }
            k += 1
        }
        return nil
    }

    /// .NET configuration: `key="…Password…" value="VALUE"`.
    static func configurationValue(_ t: ByteText, keyAt start: Int) -> Range<Int>? {
        var keyEnd = start
        while keyEnd < t.count, keyEnd - start < 64, t[keyEnd] != UInt8(ascii: "\"") { keyEnd += 1 }
        guard keyEnd < t.count, ASCII.contains(t, in: start..<keyEnd, anyOf: StructuredSecrets.passwordWords) else { return nil }
        var v = keyEnd + 1
        while v < t.count, t[v] == UInt8(ascii: " ") { v += 1 }
        guard ASCII.hasPrefix(t, at: v, Array("value=\"".utf8)) else { return nil }
        v += 7
        var end = v
        while end < t.count, end - v < 400, t[end] != UInt8(ascii: "\""), t[end] != UInt8(ascii: "\n") { end += 1 }
        let value = t.bytes[v..<end]
        guard value.count >= 6, !ASCII.contains(t, in: v..<end, anyOf: StructuredSecrets.placeholders),
              !ASCII.oneOf("$%{[#", value.first!) else { return nil }
        return v..<end
    }
}
