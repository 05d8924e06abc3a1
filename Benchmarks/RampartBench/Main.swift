import Crypto
import CryptoExtras
import Foundation
import Logging
import RampartCore
import RampartDetectors
import RampartIdentity
import RampartPolicy
import RampartStorage

/// `swift run -c release rampart-bench`: in-process benchmarks of identity and authorization.
///
/// Prints one Markdown table: authorization decisions per second, and the latency of authentication plus
/// authorization per request on the gateway's paths (API key from the cache, OIDC tokens of each algorithm).
/// Times are wall-clock on a shared machine: compare rows of one run, not runs of different days.
@main
enum RampartBench {
    static func main() async throws {
        // Off the main actor, as the gateway's handlers are: a call from the main actor would hop threads twice.
        try await Task.detached { try await run() }.value
    }

    nonisolated static func run() async throws {
        let iterations = Int(ProcessInfo.processInfo.environment["BENCH_ITERATIONS"] ?? "") ?? 200_000
        var rows: [String] = []
        // BENCH_ONLY=detectors runs the detector rows alone (for profiling them).
        if ProcessInfo.processInfo.environment["BENCH_ONLY"] == "detectors" {
            for row in detectorRows(iterations: iterations) { print(row) }
            return
        }
        // BENCH_ONLY=prompt runs the 4 KB prompt row alone, so that a profile shows that case only.
        if ProcessInfo.processInfo.environment["BENCH_ONLY"] == "prompt" {
            for row in detectorRows(iterations: iterations, large: false) { print(row) }
            return
        }
        // BENCH_ONLY=large runs the 4 MB row alone (BENCH_REPEATS scans, the median; 3 unless told), for its profile.
        if ProcessInfo.processInfo.environment["BENCH_ONLY"] == "large" {
            print(largeTextRow(repeats: Int(ProcessInfo.processInfo.environment["BENCH_REPEATS"] ?? "") ?? 3))
            return
        }
        // BENCH_ONLY=folded runs the no-break-space prompt's row alone, for its profile.
        if ProcessInfo.processInfo.environment["BENCH_ONLY"] == "folded" {
            print(foldedPromptRow(iterations: iterations))
            return
        }
        // BENCH_ONLY=varied runs the row of the repository's own sources and docs alone.
        if ProcessInfo.processInfo.environment["BENCH_ONLY"] == "varied" {
            print(variedTextRow())
            return
        }
        // BENCH_ONLY=payloads runs the rows of texts full of encoded payloads alone.
        if ProcessInfo.processInfo.environment["BENCH_ONLY"] == "payloads" {
            for row in payloadRows() { print(row) }
            return
        }
        // BENCH_ONLY=short runs the 32-byte prompt row alone: a scan's fixed costs, for their profile.
        if ProcessInfo.processInfo.environment["BENCH_ONLY"] == "short" {
            print(shortPromptRow(iterations: iterations))
            return
        }
        // BENCH_ONLY=families times the 4 KB prompt per family of detectors (where the time goes); with
        // BENCH_FAMILY=pii|secrets|injection, that family alone (for its profile).
        if ProcessInfo.processInfo.environment["BENCH_ONLY"] == "families" {
            for row in detectorFamilyRows(iterations: iterations) { print(row) }
            return
        }
        // BENCH_ONLY=stream runs the streamed-answer rows alone: a held-back window scanned per piece and per step.
        if ProcessInfo.processInfo.environment["BENCH_ONLY"] == "stream" {
            for row in streamRows() { print(row) }
            return
        }
        // BENCH_ONLY=detection runs the detection engine's rows alone: events per second, memory per principal.
        if ProcessInfo.processInfo.environment["BENCH_ONLY"] == "detection" {
            for row in DetectionBenchmarks.rows() { print(row) }
            return
        }
        // BENCH_ONLY=keys runs the key rows alone: AES-GCM and artifacts against OpenSSL, the data-key cache.
        if ProcessInfo.processInfo.environment["BENCH_ONLY"] == "keys" {
            for row in try await KeyBenchmarks.rows(iterations: iterations) { print(row) }
            return
        }
        // BENCH_ONLY=json runs the JSON rows alone: a chat request read by Rampart's reader and by Foundation's.
        if ProcessInfo.processInfo.environment["BENCH_ONLY"] == "json" {
            for row in JSONBenchmarks.rows(iterations: iterations) { print(row) }
            return
        }
        // BENCH_ONLY=audit runs the audit log rows alone: group-commit appends and verification of a large log.
        if ProcessInfo.processInfo.environment["BENCH_ONLY"] == "audit" {
            for row in try await AuditBenchmarks.rows() { print(row) }
            return
        }
        let engine = PolicyEngine(rules: BuiltinPolicies.rules() + operatorRules())
        let facts = RequestFacts(now: Date(), authentication: AuthenticationFacts(method: .apiKey, credentialID: "bench"))
        let app = Principal(id: "app", tenant: "acme", kind: .application, roles: ["application"], groups: ["ml"],
                            attributes: PrincipalAttributes(clearance: .confidential, workloads: ["chat", "hr"]))
        let resources = (0..<16).map { i in
            Resource(kind: .model, id: "model-\(i)", classification: i % 4 == 0 ? .restricted : .internal, workload: i % 2 == 0 ? "chat" : "hr",
                     region: "eu-west-1")
        }

        // Decisions per second, single core.
        let decisions = iterations * 5
        var allowed = 0
        let started = ContinuousClock.now
        for i in 0..<decisions where engine.authorize(app, .invokeModel, resources[i & 15], facts).allowed { allowed += 1 }
        let elapsed = ContinuousClock.now - started
        let perSecond = Double(decisions) / seconds(elapsed)
        rows.append("| authorization decision (\(engine.rules.count) rules) | \(format(perSecond)) decisions/s | \(nanoseconds(elapsed / decisions)) per decision | - | - |")
        precondition(allowed > 0)

        // Authentication plus authorization, per request, on a real directory (SQLite) with the cache warm.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var logger = Logger(label: "rampart.bench")
        logger.logLevel = .error
        let database = try await Database.open(.sqlite(path: directory.appendingPathComponent("rampart.sqlite").path), logger: logger)
        _ = try await Migrator(logger: logger).migrate(database)
        let principals = PrincipalStore(database: database)
        let keys = APIKeyStore(database: database, hasher: APIKeyHasher(secret: Array(repeating: 7, count: 32)))
        try await principals.create(app)
        try await principals.create(Principal(id: "bench-user", tenant: "acme", kind: .user, attributes: app.attributes))
        let (key, _) = try await keys.create(for: "app", name: "bench")

        let ecKey = P256.Signing.PrivateKey(), edKey = Curve25519.Signing.PrivateKey()
        let rsaKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let jwks = JSONWebKeySetFixture.document(ec: ecKey.publicKey, ed: edKey.publicKey, rsa: rsaKey.publicKey)
        let issuer = OIDCIssuer(validation: JWTValidation(issuer: "https://idp.bench", audiences: ["rampart"]),
                                keys: JWKSCache(fetch: { jwks }), tenant: .fixed("acme"), rolesForGroups: ["ml": ["application"]])
        let authenticator = GatewayAuthenticator(apiKeys: keys, principals: principals, issuers: [issuer], cacheTimeToLive: .seconds(3600))
        let signers: [(String, String, ([UInt8]) -> [UInt8])] = [
            ("ES256", "ec", { Array(try! ecKey.signature(for: $0).rawRepresentation) }),
            ("EdDSA", "ed", { Array(try! edKey.signature(for: $0)) }),
            ("RS256", "rsa", { Array(try! rsaKey.signature(for: SHA256.hash(data: $0), padding: .insecurePKCS1v1_5).rawRepresentation) }),
        ]
        var runs: [(String, [String])] = [("API key, cached directory", [key])]
        for (alg, kid, sign) in signers {
            runs.append(("OIDC \(alg), token seen before", [JWTFixture.token(alg: alg, kid: kid, sign: sign)]))
            runs.append(("OIDC \(alg), first use of each token", (1...iterations / 20).map { JWTFixture.token(alg: alg, kid: kid, id: $0, sign: sign) }))
        }
        for (name, bearers) in runs {
            guard case .success = await authenticator.authenticate(PresentedCredentials(bearer: bearers[0])) else { fatalError("\(name) did not authenticate") }
            let count = bearers.count > 1 ? bearers.count - 1 : iterations
            var samples: [Duration] = []
            samples.reserveCapacity(count)
            var permitted = 0
            let clock = ContinuousClock()
            for i in 0..<count {
                let credentials = PresentedCredentials(bearer: bearers.count > 1 ? bearers[i + 1] : bearers[0])
                let t0 = clock.now
                guard case .success(let caller) = await authenticator.authenticate(credentials) else { fatalError("refused") }
                let decision = engine.authorize(caller.principal, .invokeModel, resources[i & 15],
                                                RequestFacts(now: Date(), authentication: caller.authentication))
                samples.append(clock.now - t0)
                if decision.allowed { permitted += 1 }
            }
            // Three of every four resources are within the principals' clearance.
            precondition(permitted * 4 >= count * 3 - 4, "\(name): only \(permitted) of \(count) permitted")
            samples.sort()
            let p50 = samples[count / 2], p99 = samples[count * 99 / 100], p999 = samples[min(count - 1, count * 999 / 1000)]
            rows.append("| authentication + authorization, \(name) | \(format(Double(count) / seconds(samples.reduce(.zero, +)))) requests/s | \(nanoseconds(p50)) p50 | \(nanoseconds(p99)) p99 | \(nanoseconds(p999)) p99.9 |")
        }
        await database.close()

        rows += detectorRows(iterations: iterations)
        rows += streamRows()
        rows += try await KeyBenchmarks.rows(iterations: iterations)
        rows += JSONBenchmarks.rows(iterations: iterations)

        print("| benchmark | throughput (one core) | | | |")
        print("|---|---|---|---|---|")
        for row in rows { print(row) }
        print("\n\(iterations) iterations per repeated-credential row, \(iterations / 20 - 1) distinct tokens per first-use row;")
        print("goal: p99 of authentication + authorization under 50 µs.")
    }

    /// The 4 KB prompt the detector rows scan: an ordinary business e-mail with a name, an address and a phone number.
    static let prompt: String = {
        let paragraph = """
            Hi team, please review the attached quarterly summary before Friday. Revenue grew 4.2% on the previous quarter, \
            driven by the enterprise segment; churn fell to 1.8%. Contact Maria Lopez (maria.lopez@example.org, +44 20 7946 0958) \
            with questions. The staging deploy uses the usual pipeline; logs are in the shared bucket. Next steps: finalize the \
            forecast, schedule the board review, and update the risk register with the two new vendor findings.

            """
        var prompt = ""
        while prompt.utf8.count < 4096 { prompt += paragraph }
        return String(prompt.utf8.prefix(4096)) ?? prompt
    }()

    /// The p50 of scanning the prompt `count` times with `options`.
    static func promptMedian(_ detectors: Detectors, _ options: ScanOptions, count: Int) -> Duration {
        scans(detectors, prompt, options, count: count).times[count / 2]
    }

    /// `count` scans of `text`: the time of each, sorted, and the findings they made.
    static func scans(_ detectors: Detectors, _ text: String, _ options: ScanOptions = ScanOptions(), count: Int) -> (times: [Duration], findings: Int) {
        let clock = ContinuousClock()
        var times: [Duration] = []
        times.reserveCapacity(count)
        var findings = 0
        for _ in 0..<count {
            let t0 = clock.now
            findings += detectors.scan(text, options: options).count
            times.append(clock.now - t0)
        }
        return (times.sorted(), findings)
    }

    /// A row of scans per second, p50 and p99, from sorted times.
    static func scanRow(_ name: String, _ times: [Duration]) -> String {
        "| all detectors, \(name) | \(format(Double(times.count) / seconds(times.reduce(.zero, +)))) scans/s | \(nanoseconds(times[times.count / 2])) p50 | \(nanoseconds(times[times.count * 99 / 100])) p99 | - |"
    }

    /// An answer as a stream sends it (the 4 KB prompt twice, in 4-character pieces, about one token each) through
    /// a `StreamRedactor` with the gateway's 256-character hold-back: released after every piece, as before release
    /// steps, and in the gateway's 64-character steps. Personal data and secrets, as output scanning runs them; and
    /// in steps with the answer's images read too (as the gateway reads them), against the steps without.
    static func streamRows() -> [String] {
        let scalars = Array((prompt + prompt).unicodeScalars)
        let pieces = stride(from: 0, to: scalars.count, by: 4).map { String(String.UnicodeScalarView(scalars[$0..<min(scalars.count, $0 + 4)])) }
        let clock = ContinuousClock()
        var best: [Int: Duration] = [:]
        let withImages = -64
        for _ in 0..<5 {
            for step in [1, 64, withImages] {
                let options = ScanOptions(injection: false, imageHosts: step == withImages ? ImageHosts([]) : nil)
                var redactor = StreamRedactor(detectors: .standard, options: options, releaseStep: abs(step)) { _ in true }
                var sent = 0
                let t0 = clock.now
                for piece in pieces { sent += redactor.feed(piece).unicodeScalars.count }
                sent += redactor.finish().unicodeScalars.count
                let elapsed = clock.now - t0
                precondition(sent > scalars.count / 2 && !redactor.findings.isEmpty)
                best[step] = min(best[step] ?? elapsed, elapsed)
            }
        }
        let perPiece = { (step: Int) in best[step]! / pieces.count }
        return [
            "| streamed 8 KB answer, \(pieces.count) pieces, released every piece | \(nanoseconds(perPiece(1))) per piece | - | - | - |",
            "| streamed 8 KB answer, \(pieces.count) pieces, released in 64-character steps | \(nanoseconds(perPiece(64))) per piece | \(String(format: "%.1f", seconds(best[1]!) / seconds(best[64]!)))× less CPU | - | - |",
            "| the same, images read too | \(nanoseconds(perPiece(withImages))) per piece | \(String(format: "%.2f", seconds(best[withImages]!) / seconds(best[64]!)))× the CPU | - | - |",
        ]
    }

    /// The 4 KB prompt per family: personal data, secrets, injection alone, and all together.
    static func detectorFamilyRows(iterations: Int) -> [String] {
        let detectors = Detectors.standard
        let count = max(200, iterations / 100)
        let families: [(String, ScanOptions)] = [
            ("personal data", ScanOptions(pii: true, secrets: false, injection: false)),
            ("secrets (and hidden payloads)", ScanOptions(pii: false, secrets: true, injection: false)),
            ("injection (and hidden payloads)", ScanOptions(pii: false, secrets: false, injection: true)),
            ("all", ScanOptions()),
        ]
        let only = ProcessInfo.processInfo.environment["BENCH_FAMILY"]
        let names = ["personal data": "pii", "secrets (and hidden payloads)": "secrets", "injection (and hidden payloads)": "injection", "all": "all"]
        return families.filter { only == nil || names[$0.0] == only }.map { name, options in "| 4 KB prompt, \(name) | \(nanoseconds(promptMedian(detectors, options, count: count))) p50 |" }
    }

    /// The gateway benchmark's user message: what a scan costs when the text is short and the fixed costs show.
    static func shortPromptRow(iterations: Int) -> String {
        let count = max(200, iterations / 100) * 10
        return scanRow("one 32-byte prompt", scans(.standard, "Say hello in one short sentence.", count: count).times)
    }

    /// All detectors on a 4 KB prompt (p50/p99 per scan), and their throughput on 4 MB of mixed text.
    static func detectorRows(iterations: Int, large measuresLarge: Bool = true) -> [String] {
        let detectors = Detectors.standard
        let count = max(200, iterations / 100)
        let long = scans(detectors, prompt, count: count)
        let promptRow = scanRow("one 4 KB prompt", long.times)
        let shortRow = shortPromptRow(iterations: iterations)
        let foldedRow = foldedPromptRow(iterations: iterations)
        precondition(long.findings > 0)
        guard measuresLarge else { return [promptRow, foldedRow, shortRow] }
        return [promptRow, foldedRow, shortRow, largeTextRow(), variedTextRow()] + payloadRows()
    }

    /// All detectors on the repository's own Swift sources, tests and docs read as one text (about 3 MB): varied words,
    /// code and prose, where the 4 MB row repeats one paragraph whose words stay in the caches. Against as many bytes
    /// of the prompt in the same run.
    static func variedTextRow() -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var varied = ""
        for folder in ["Sources", "Tests", "docs"] {
            let files = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            for case let url as URL in files?.allObjects ?? [] where ["swift", "md"].contains(url.pathExtension) {
                if let text = try? String(contentsOf: url, encoding: .utf8) { varied += text + "\n" }
            }
        }
        precondition(varied.utf8.count > 1 << 20, "the repository's sources were not found from \(root.path)")
        var repeated = ""
        while repeated.utf8.count < varied.utf8.count { repeated += prompt }
        let variedRate = scanRate(varied, repeats: 3), promptRate = scanRate(repeated, repeats: 3)
        return "| all detectors, \(varied.utf8.count >> 20) MB of Rampart's sources, tests and docs | \(String(format: "%.1f", variedRate)) MB/s | - | - | "
            + "\(String(format: "%.2f", variedRate / promptRate)) of as much of the prompt (\(String(format: "%.1f", promptRate)) MB/s) |"
    }

    /// 256 KB texts (the most read whole, in one chunk) full of base64 payloads that each hold an e-mail address, a
    /// phone number and an SSN, alone and alternating with plain e-mail addresses, against 256 KB of the prompt in the
    /// same run: each payload is decoded and read, and its findings are matched to those of the text as written, which
    /// once took time that grew with the square of their number.
    static func payloadRows() -> [String] {
        let payload = Data("contact maria.lopez@example.org or +44 20 7946 0958 ssn 512-96-1600".utf8).base64EncodedString()
        func filled(with unit: String) -> String {
            var text = ""
            while text.utf8.count < 256 << 10 { text += unit }
            return String(text.utf8.prefix(256 << 10)) ?? text
        }
        let texts = [("the prompt", filled(with: prompt)), ("base64 payloads", filled(with: payload + " ")),
                     ("payloads and e-mails", filled(with: "maria.lopez@example.org " + payload + " "))]
        let rates = texts.map { name, text in (name, scanRate(text, repeats: 5)) }
        return rates.map { name, rate in
            "| all detectors, 256 KB of \(name) | \(String(format: "%.1f", rate)) MB/s | - | - | \(String(format: "%.2f", rate / rates[0].1)) of the prompt's |"
        }
    }

    /// The prompt with a no-break space in each paragraph: non-ASCII text that folding changes is read twice for
    /// personal data and secrets (as written, and folded).
    static func foldedPromptRow(iterations: Int) -> String {
        let text = prompt.replacingOccurrences(of: "please review", with: "please\u{A0}review")
        return scanRow("one 4 KB prompt with no-break spaces", scans(.standard, text, count: max(200, iterations / 100)).times)
    }

    /// All detectors on 4 MB of text (the prompt over and over), in chunks on every processor: the median of
    /// `repeats` scans, in MB/s.
    static func largeTextRow(repeats: Int = 3) -> String {
        var large = ""
        while large.utf8.count < 4 << 20 { large += prompt }
        return "| all detectors, 4 MB of text | \(String(format: "%.1f", scanRate(large, repeats: repeats))) MB/s | - | - | - |"
    }

    /// MB/s of scanning `text` with all detectors: the median of `repeats` scans, each of which must find something.
    static func scanRate(_ text: String, repeats: Int) -> Double {
        let clock = ContinuousClock()
        let times = (0..<repeats).map { _ in
            let t0 = clock.now
            precondition(!Detectors.standard.scan(text).isEmpty)
            return clock.now - t0
        }.sorted()
        return Double(text.utf8.count) / 1e6 / seconds(times[repeats / 2])
    }

    /// Twenty rules of the kinds an operator writes, so the engine is measured with more than its built-ins.
    static func operatorRules() -> [PolicyRule] {
        (0..<20).map { i in
            PolicyRule(id: "team-\(i)", effect: i % 5 == 0 ? .forbid : .permit,
                       principals: PrincipalPattern(groups: ["team-\(i)"]), actions: [ActionPattern(i % 2 == 0 ? "model:invoke" : "dataset:*")],
                       resources: ResourcePattern(workloads: ["w-\(i)*"]),
                       when: [.timeWindow(TimeWindow(weekdays: [1, 2, 3, 4, 5], fromMinute: 0, toMinute: 1439))])
        }
    }

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
    static func nanoseconds(_ d: Duration) -> String {
        let ns = seconds(d) * 1e9
        return ns >= 10_000 ? String(format: "%.1f µs", ns / 1000) : String(format: "%.0f ns", ns)
    }
    static func format(_ value: Double) -> String {
        value >= 1e6 ? String(format: "%.2f M", value / 1e6) : value >= 1e3 ? String(format: "%.1f k", value / 1e3) : String(format: "%.0f", value)
    }
}
