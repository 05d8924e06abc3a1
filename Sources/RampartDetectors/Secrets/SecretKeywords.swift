/// The secret detectors that start at a keyword at the start of a word: an authorization scheme (`Bearer `), a
/// connection string's key (`Password=`, `AccountKey=`), or a command or configuration line that names a credential
/// (`unseal`, `psexec`, `key="`), or a command that takes a password on its line (`curl`, `mysql`, `sshpass`). One pass
/// over the text finds the keywords of all of them.
enum SecretKeywords {
    enum Start {
        case authorization(scheme: Int)
        case connectionKey(Int)
        case named(ShapedSecrets.NamedForm)
        case command
    }

    static let starts: [(word: String, start: Start)] =
        StructuredSecrets.authorizationSchemes.indices.map { (StructuredSecrets.authorizationSchemes[$0].0, .authorization(scheme: $0)) }
        + StructuredSecrets.connectionStringKeys.indices.map { (StructuredSecrets.connectionStringKeys[$0], .connectionKey($0)) }
        + ShapedSecrets.NamedForm.allCases.map { ($0.word, .named($0)) }
        + CommandPasswords.keywords.map { ($0, .command) }

    static let words = KeyWords(starts.map(\.word))

    /// What each detector found, apart, so that each joins the other detectors' findings where its own pass did.
    struct Found {
        var authorization: [RawFinding] = []
        var connectionStrings: [RawFinding] = []
        var named: [RawFinding] = []
        var commandLines: [RawFinding] = []
    }

    static func scan(_ t: ByteText) -> Found {
        var found = Found()
        let starts = Self.starts
        ASCII.scanWordStarts(t, for: words) { n, i in
            switch starts[n].start {
            case .authorization(let scheme): return StructuredSecrets.bearerToken(t, scheme: scheme, at: i, &found.authorization)
            case .connectionKey(let key): return StructuredSecrets.connectionStringEntry(t, key: key, at: i, &found.connectionStrings)
            case .named(let form):
                ShapedSecrets.named(t, form, at: i, &found.named)
                return i + 1
            case .command:
                CommandPasswords.password(t, commandAt: i, &found.commandLines)
                return i + 1
            }
        }
        return found
    }
}
