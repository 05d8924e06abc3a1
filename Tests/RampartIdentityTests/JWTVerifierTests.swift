import Crypto
import Foundation
import RampartIdentity
import RampartPolicy
import Testing

/// The verifier on its own, with tokens signed here by swift-crypto (the gateway tests use an independent
/// Python issuer over HTTP).
@Suite struct JWTVerifierTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let rules = JWTValidation(issuer: "https://idp.example", audiences: ["rampart"], clockSkew: 60)
    static let ecKey = P256.Signing.PrivateKey()
    static let edKey = Curve25519.Signing.PrivateKey()

    static func b64(_ data: some DataProtocol) -> String {
        Data(data).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func json(_ object: [String: Any]) -> Data { try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) }

    static func claims(_ changes: [String: Any?] = [:]) -> [String: Any] {
        var claims: [String: Any] = ["iss": "https://idp.example", "aud": "rampart", "sub": "alice", "exp": now.timeIntervalSince1970 + 300]
        for (k, v) in changes { claims[k] = v ?? nil }
        return claims
    }

    static func es256(_ claims: [String: Any] = claims(), header: [String: Any] = ["alg": "ES256", "kid": "ec", "typ": "JWT"]) -> String {
        let input = b64(json(header)) + "." + b64(json(claims))
        let signature = try! ecKey.signature(for: Data(input.utf8))
        return input + "." + b64(signature.rawRepresentation)
    }

    static let keys = try! JSONWebKeySet(json: Array(json(["keys": [
        ["kty": "EC", "crv": "P-256", "kid": "ec", "use": "sig",
         "x": b64(ecKey.publicKey.x963Representation.dropFirst().prefix(32)), "y": b64(ecKey.publicKey.x963Representation.suffix(32))],
        ["kty": "OKP", "crv": "Ed25519", "kid": "ed", "x": b64(edKey.publicKey.rawRepresentation)],
        ["kty": "oct", "kid": "hmac", "k": "c2VjcmV0"],
        ["kty": "EC", "crv": "P-256", "kid": "enc", "use": "enc", "x": "AA", "y": "AA"],
    ]])))

    static func verify(_ token: String, rules: JWTValidation = rules) -> Result<VerifiedToken, AuthenticationFailure> {
        switch JWTVerifier.decode(token, maximumBytes: rules.maximumBytes) {
        case .failure(let failure): return .failure(failure)
        case .success(let decoded):
            guard let key = keys.keys[decoded.keyID ?? ""] else { return .failure(AuthenticationFailure("jwt.unknown_key_id")) }
            return JWTVerifier.verify(decoded, key: key, rules: rules, now: now)
        }
    }

    @Test func aGoodTokenVerifies() throws {
        let verified = try Self.verify(Self.es256()).get()
        #expect(verified.subject == "alice")
        #expect(verified.issuer == "https://idp.example")
    }

    @Test func edDSAVerifies() throws {
        let input = Self.b64(Self.json(["alg": "EdDSA", "kid": "ed"])) + "." + Self.b64(Self.json(Self.claims()))
        let token = input + "." + Self.b64(try Self.edKey.signature(for: Data(input.utf8)))
        #expect(try Self.verify(token).get().subject == "alice")
    }

    @Test func unusableKeysAreSkippedAndNamed() {
        #expect(Self.keys.keys.keys.sorted() == ["ec", "ed"])
        #expect(Self.keys.skipped.count == 2)
    }

    /// Claim changes as JSON (null removes a claim), so the table is plain Sendable values.
    @Test(arguments: [
        ("expired", #"{"exp": 1799999939}"#, "jwt.expired"),
        ("not yet valid", #"{"nbf": 1800000061}"#, "jwt.not_yet_valid"),
        ("issued in the future", #"{"iat": 1800000061}"#, "jwt.issued_in_future"),
        ("wrong audience", #"{"aud": ["other"]}"#, "jwt.wrong_audience"),
        ("wrong issuer", #"{"iss": "https://idp.example.evil"}"#, "jwt.wrong_issuer"),
        ("no exp", #"{"exp": null}"#, "jwt.missing_claim"),
        ("no sub", #"{"sub": null}"#, "jwt.missing_claim"),
        ("empty sub", #"{"sub": ""}"#, "jwt.missing_claim"),
        ("nbf a string", #"{"nbf": "0"}"#, "jwt.malformed"),
    ])
    func claimsAreChecked(_ name: String, _ changes: String, _ reason: String) throws {
        let object = try JSONSerialization.jsonObject(with: Data(changes.utf8)) as? [String: Any] ?? [:]
        let edits = object.mapValues { $0 is NSNull ? nil : Optional($0) }
        guard case .failure(let failure) = Self.verify(Self.es256(Self.claims(edits))) else {
            Issue.record("\(name) verified")
            return
        }
        #expect(failure.reason == reason, "\(name): \(failure)")
    }

    @Test func skewIsAllowedOnBothSides() throws {
        _ = try Self.verify(Self.es256(Self.claims(["exp": Self.now.timeIntervalSince1970 - 59, "nbf": Self.now.timeIntervalSince1970 + 59]))).get()
    }

    @Test func headersAreChecked() {
        func reason(_ header: [String: Any]) -> String? {
            if case .failure(let f) = Self.verify(Self.es256(header: header)) { return f.reason }
            return nil
        }
        #expect(reason(["alg": "none", "kid": "ec"]) == "jwt.algorithm_not_allowed")
        #expect(reason(["alg": "HS256", "kid": "ec"]) == "jwt.algorithm_not_allowed")
        #expect(reason(["alg": "RS256", "kid": "ec"]) == "jwt.algorithm_mismatch")
        #expect(reason(["alg": "ES256", "kid": "ec", "crit": ["b64"]]) == "jwt.unsupported_critical")
        #expect(reason(["alg": "ES256", "kid": "ec", "typ": "dpop+jwt"]) == "jwt.wrong_type")
        #expect(reason(["alg": "ES256", "kid": "ed"]) == "jwt.algorithm_mismatch")
        #expect(reason(["alg": "ES256"]) == "jwt.unknown_key_id")
        #expect(reason(["alg": "ES384", "kid": "ec"]) == "jwt.algorithm_not_allowed")
    }

    @Test func anAlgorithmOutsideTheIssuersListIsRefused() {
        var rules = Self.rules
        rules.algorithms = [.rs256]
        guard case .failure(let failure) = Self.verify(Self.es256(), rules: rules) else { Issue.record("verified"); return }
        #expect(failure.reason == "jwt.algorithm_not_allowed")
    }

    @Test func malformedTokensAreRefusedBeforeCryptography() {
        let good = Self.es256()
        let parts = good.split(separator: ".").map(String.init)
        for bad in ["", "a", "a.b", good + ".x", parts[0] + "=." + parts[1] + "." + parts[2], "!!." + parts[1] + "." + parts[2],
                    parts[0] + "." + parts[1] + ".~~", "e30.e30.", "W10.e30.AA"] {
            #expect((try? Self.verify(bad).get()) == nil, "\(bad.prefix(30))")
        }
        guard case .failure(let failure) = JWTVerifier.decode(String(repeating: "a", count: 9000), maximumBytes: 8192) else { return }
        #expect(failure.reason == "jwt.too_large")
    }

    /// Random byte edits of a good token never verify and never crash.
    @Test func mutatedTokensNeverVerify() {
        let good = Array(Self.es256().utf8)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            var bytes = good
            let i = Int.random(in: 0..<bytes.count, using: &generator)
            let replacement = UInt8.random(in: 0x21...0x7E, using: &generator)
            guard replacement != bytes[i] else { continue }
            bytes[i] = replacement
            let token = String(decoding: bytes, as: UTF8.self)
            if case .success = Self.verify(token) {
                // Only a change in base64url padding bits of the last character could survive; strict decoding refuses it.
                Issue.record("a mutated token verified: \(token)")
            }
        }
    }
}
