import Foundation
import RampartCore

/// Credentials in text: provider tokens by prefix and format, cloud keys with context, private keys, JWTs,
/// connection strings with passwords, password hashes, and generic high-entropy values after a credential keyword.
enum SecretDetectors {
    static let rules: [TokenRule] = [
        TokenRule("GITHUB_TOKEN", "ghp_", .alphanumeric, 36...36, check: .githubChecksum),
        TokenRule("GITHUB_TOKEN", "gho_", .alphanumeric, 36...36, check: .githubChecksum),
        TokenRule("GITHUB_TOKEN", "ghu_", .alphanumeric, 36...36, check: .githubChecksum),
        TokenRule("GITHUB_TOKEN", "ghs_", .alphanumeric, 36...36, check: .githubChecksum),
        TokenRule("GITHUB_TOKEN", "ghr_", .alphanumeric, 36...76, check: .githubChecksum),
        TokenRule("GITHUB_TOKEN", "github_pat_", .base62Dash, 60...100, check: .githubChecksum),
        TokenRule("GITLAB_TOKEN", "glpat-", .base62Dash, 20...60), TokenRule("GITLAB_TOKEN", "glptt-", .base62Dash, 20...60),
        TokenRule("GITLAB_TOKEN", "gldt-", .base62Dash, 20...60), TokenRule("GITLAB_TOKEN", "glrt-", .base62Dash, 20...60),
        TokenRule("SLACK_TOKEN", "xoxb-", .base62Dash, 20...120), TokenRule("SLACK_TOKEN", "xoxp-", .base62Dash, 20...120),
        TokenRule("SLACK_TOKEN", "xoxa-", .base62Dash, 20...120), TokenRule("SLACK_TOKEN", "xoxr-", .base62Dash, 20...120),
        TokenRule("SLACK_TOKEN", "xoxs-", .base62Dash, 20...120), TokenRule("SLACK_TOKEN", "xapp-", .base62Dash, 20...140),
        TokenRule("SLACK_TOKEN", "xoxe.xoxp-", .base62Dash, 20...160), TokenRule("SLACK_TOKEN", "xoxe-", .base62Dash, 20...160),
        TokenRule("SLACK_WEBHOOK", "https://hooks.slack.com/services/", .urlPath, 20...80),
        TokenRule("SLACK_WEBHOOK", "https://hooks.slack.com/workflows/", .urlPath, 20...80),
        TokenRule("STRIPE_KEY", "sk_live_", .alphanumeric, 10...120), TokenRule("STRIPE_KEY", "sk_test_", .alphanumeric, 10...120),
        TokenRule("STRIPE_KEY", "rk_live_", .alphanumeric, 10...120), TokenRule("STRIPE_KEY", "rk_test_", .alphanumeric, 10...120),
        TokenRule("STRIPE_KEY", "whsec_", .alphanumeric, 24...64),
        TokenRule("ANTHROPIC_API_KEY", "sk-ant-api03-", .base62Dash, 80...120), TokenRule("ANTHROPIC_API_KEY", "sk-ant-admin01-", .base62Dash, 80...120),
        TokenRule("ANTHROPIC_API_KEY", "sk-ant-", .base62Dash, 40...140),
        TokenRule("OPENAI_API_KEY", "sk-proj-", .base62Dash, 40...200), TokenRule("OPENAI_API_KEY", "sk-svcacct-", .base62Dash, 40...200),
        TokenRule("OPENAI_API_KEY", "sk-admin-", .base62Dash, 40...200), TokenRule("OPENAI_API_KEY", "sk-None-", .base62Dash, 40...200),
        TokenRule("OPENAI_API_KEY", "sk-", .alphanumeric, 48...48),
        TokenRule("GROQ_API_KEY", "gsk_", .alphanumeric, 52...52), TokenRule("TAVILY_API_KEY", "tvly-", .base62Dash, 20...60),
        TokenRule("PERPLEXITY_API_KEY", "pplx-", .alphanumeric, 48...48), TokenRule("XAI_API_KEY", "xai-", .alphanumeric, 80...80),
        TokenRule("REPLICATE_API_TOKEN", "r8_", .alphanumeric, 37...37), TokenRule("LINEAR_API_KEY", "lin_api_", .alphanumeric, 40...40),
        TokenRule("PULUMI_ACCESS_TOKEN", "pul-", .lowerHex, 40...40),
        TokenRule("DISCORD_WEBHOOK", "https://discord.com/api/webhooks/", .urlPath, 60...100),
        TokenRule("DISCORD_WEBHOOK", "https://discordapp.com/api/webhooks/", .urlPath, 60...100),
        TokenRule("HUGGINGFACE_TOKEN", "hf_", .alphanumeric, 34...40), TokenRule("HUGGINGFACE_TOKEN", "api_org_", .alphanumeric, 34...34),
        TokenRule("NPM_TOKEN", "npm_", .alphanumeric, 36...36),
        TokenRule("PYPI_TOKEN", "pypi-AgEIcHlwaS5vcm", .base62Dash, 50...300),
        TokenRule("RUBYGEMS_KEY", "rubygems_", .lowerHex, 48...48), TokenRule("CRATES_IO_KEY", "cio", .alphanumeric, 32...32),
        TokenRule("GOOGLE_API_KEY", "AIza", .base62Dash, 35...35), TokenRule("GOOGLE_OAUTH_TOKEN", "ya29.", .base62Dash, 20...300),
        TokenRule("GOOGLE_OAUTH_SECRET", "GOCSPX-", .base62Dash, 28...28),
        TokenRule("DIGITALOCEAN_TOKEN", "dop_v1_", .lowerHex, 64...64), TokenRule("DIGITALOCEAN_TOKEN", "doo_v1_", .lowerHex, 64...64),
        TokenRule("DIGITALOCEAN_TOKEN", "dor_v1_", .lowerHex, 64...64),
        TokenRule("DOPPLER_TOKEN", "dp.pt.", .alphanumeric, 40...44), TokenRule("DOPPLER_TOKEN", "dp.st.", .base64URLDot, 40...90),
        TokenRule("DOPPLER_TOKEN", "dp.sa.", .alphanumeric, 40...44), TokenRule("DOPPLER_TOKEN", "dp.audit.", .alphanumeric, 40...44),
        TokenRule("DATABRICKS_TOKEN", "dapi", .lowerHex, 32...32), TokenRule("DOCKERHUB_TOKEN", "dckr_pat_", .base62Dash, 27...27),
        TokenRule("SHOPIFY_TOKEN", "shpat_", .lowerHex, 32...32), TokenRule("SHOPIFY_TOKEN", "shpca_", .lowerHex, 32...32),
        TokenRule("SHOPIFY_TOKEN", "shppa_", .lowerHex, 32...32), TokenRule("SHOPIFY_TOKEN", "shpss_", .lowerHex, 32...32),
        TokenRule("SENDGRID_API_KEY", "SG.", .base64URLDot, 60...70), TokenRule("TWILIO_API_KEY", "SK", .lowerHex, 32...32),
        TokenRule("MAILGUN_API_KEY", "key-", .lowerHex, 32...32), TokenRule("POSTMAN_API_KEY", "PMAK-", .base62Dash, 59...59),
        TokenRule("ADAFRUIT_IO_KEY", "aio_", .alphanumeric, 28...28), TokenRule("ATLASSIAN_TOKEN", "ATATT3", .base64URL, 180...200),
        TokenRule("GRAFANA_TOKEN", "glc_", .base64URL, 32...400), TokenRule("GRAFANA_TOKEN", "glsa_", .alphanumeric, 32...40),
        TokenRule("NEWRELIC_KEY", "NRAK-", .upperAlnum, 27...27), TokenRule("NEWRELIC_KEY", "NRII-", .base62Dash, 32...32),
        TokenRule("NEWRELIC_KEY", "NRJS-", .lowerHex, 19...19), TokenRule("NEWRELIC_KEY", "NRRA-", .lowerHex, 42...42),
        TokenRule("NEWRELIC_KEY", "NRAA-", .lowerHex, 27...27), TokenRule("NEWRELIC_KEY", "px-api-", .base62Dash, 36...36, check: .uuid),
        TokenRule("NEWRELIC_KEY", "px-dep-", .base62Dash, 36...36, check: .uuid),
        TokenRule("SQUARE_TOKEN", "EAAA", .base62Dash, 60...60), TokenRule("SQUARE_TOKEN", "sq0csp-", .base62Dash, 43...43),
        TokenRule("SQUARE_TOKEN", "sq0atp-", .base62Dash, 22...22),
        TokenRule("SOURCEGRAPH_TOKEN", "sgp_", .base62Dash, 40...80), TokenRule("SONARQUBE_TOKEN", "squ_", .lowerHex, 40...40),
        TokenRule("SONARQUBE_TOKEN", "sqp_", .lowerHex, 40...40), TokenRule("SONARQUBE_TOKEN", "sqa_", .lowerHex, 40...40),
        TokenRule("VAULT_TOKEN", "hvs.", .base62Dash, 24...200), TokenRule("VAULT_TOKEN", "hvb.", .base62Dash, 24...300),
        TokenRule("VAULT_TOKEN", "hvr.", .base62Dash, 24...200), TokenRule("MAPBOX_TOKEN", "sk.eyJ", .base64URL, 60...300),
        TokenRule("MAPBOX_TOKEN", "tk.eyJ", .base64URL, 60...300), TokenRule("FACEBOOK_TOKEN", "EAACEdEose0cBA", .alphanumeric, 20...300),
        TokenRule("RAMPART_API_KEY", "rmp_", .alphanumeric, 49...49, check: .rampartChecksum),
        TokenRule("TWITCH_STREAM_KEY", "live_", .base62Dash, 30...60), TokenRule("DEPENDENCY_TRACK_KEY", "odt_", .alphanumeric, 32...40),
        TokenRule("AGE_SECRET_KEY", "AGE-SECRET-KEY-1", .upperAlnum, 58...58), TokenRule("TEAMS_WEBHOOK", "https://outlook.office.com/webhook/", .urlPath, 30...200),
        TokenRule("PARTICLE_TOKEN", "access_token=", .lowerHex, 40...40, caseInsensitive: true),
        TokenRule("DJANGO_SECRET_KEY", "django-insecure-", .printable, 40...60),
        // Okta API tokens: "00" and 40 characters (a number that starts with 00 is not one).
        TokenRule("OKTA_API_TOKEN", "00", .base62Dash, 40...40, check: .okta),
    ]

    /// Rules indexed by their first byte, so each position tries only the rules that can start there.
    static let byFirstByte: [[TokenRule]] = {
        var table = [[TokenRule]](repeating: [], count: 256)
        for rule in rules {
            table[Int(rule.prefix[0])].append(rule)
            if rule.caseInsensitivePrefix { table[Int(ASCII.isUpper(rule.prefix[0]) ? rule.prefix[0] + 32 : rule.prefix[0] & ~0x20)].append(rule) }
        }
        return table
    }()

    /// The rules' first two bytes, in both cases (a superset for the case-sensitive prefixes, which `match` checks).
    static let prefixPairs = PairSet(rules.map(\.prefix), caseInsensitive: true)

    /// The length of the shortest token any rule matches, prefix included.
    static let shortestToken = rules.map { $0.prefix.count + $0.length.lowerBound }.min() ?? 1

    /// Tokens of the rules, in the unbroken runs long enough to hold one (a rule's alphabet has no space).
    static func tokens(_ t: ByteText, _ runs: UnbrokenRuns, _ out: inout [RawFinding]) {
        // Read once, not per byte: a `static let` costs an initialization check at each use.
        let byFirstByte = Self.byFirstByte, prefixPairs = Self.prefixPairs
        for run in runs.atLeast(shortestToken) {
            var i = run.lowerBound
            while i + 1 < run.upperBound {
                if prefixPairs.contains(t[i], t[i + 1]), i == 0 || !ASCII.isAlnum(t[i - 1]) {
                    let candidates = byFirstByte[Int(t[i])]
                    if let (rule, end) = candidates.lazy.compactMap({ rule in rule.match(t, at: i).map { (rule, $0) } }).first,
                       let score = score(of: rule, t, i..<end) {
                        out.append(RawFinding(category: .secret, type: rule.type, range: i..<end, score: score))
                        i = end
                        continue
                    }
                }
                i += 1
            }
        }
    }

    /// The score of a match of `rule` at `range` once its check has been made, or nil when the check fails.
    static func score(of rule: TokenRule, _ t: ByteText, _ range: Range<Int>) -> Double? {
        let token = t.bytes[range], body = token.dropFirst(rule.prefix.count)
        switch rule.check {
        case .none: return 1
        case .githubChecksum: return githubChecksumValid(token) ? 1 : 0.9
        case .rampartChecksum: return APIKeyChecksum.valid(token) ? 1 : nil
        case .okta: return oktaShaped(body) || oktaNamed(t, before: range.lowerBound, body) ? 1 : nil
        case .uuid: return StructuredSecrets.isUUID(body) ? 1 : nil
        }
    }

    /// An Okta token's 40 characters mix capitals, small letters and digits and are not a filler.
    static func oktaShaped(_ body: ArraySlice<UInt8>) -> Bool {
        StructuredSecrets.mixesCasesAndDigits(body) && StructuredSecrets.looksRandom(body) && !StructuredSecrets.isSequentialFiller(body)
    }

    static let oktaContext: Needles = ["okta", "ssws"]

    /// Named as an Okta token just before ("okta_secret:", "Authorization: SSWS"), a token written with a filler in it
    /// (documentation's `00QCjAl4MlV-WPXM-ABCDEFGHIJKL-0HmjFx-vbGua`) is one all the same; a run of one letter is not.
    static func oktaNamed(_ t: ByteText, before i: Int, _ body: ArraySlice<UInt8>) -> Bool {
        StructuredSecrets.mixesCasesAndDigits(body) && body.last != UInt8(ascii: "-") && Set(body).count >= 12 && ASCII.contains(t, in: max(0, i - 40)..<i, anyOf: oktaContext)
    }

    /// GitHub's token checksum: the last 6 characters are the base62 CRC32 of the 30 before them.
    static func githubChecksumValid(_ token: ArraySlice<UInt8>) -> Bool {
        guard let underscore = token.lastIndex(of: UInt8(ascii: "_")) else { return false }
        let body = token[(underscore + 1)...]
        return body.count == 36 && TokenChecksum.digits(of: body.prefix(30)).elementsEqual(body.suffix(6))
    }
}

/// Rampart's own API keys: `rmp_`, 43 base62 characters and their 6-digit checksum.
enum APIKeyChecksum {
    static func valid(_ key: ArraySlice<UInt8>) -> Bool {
        key.count == 53 && TokenChecksum.digits(of: key.dropFirst(4).prefix(43)).elementsEqual(key.suffix(6))
    }
}
