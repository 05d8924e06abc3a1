import Foundation
import RampartGateway
import RampartIdentity
import RampartStorage
import Testing

/// Hostile authentication and authorization, end to end through the gateway, on SQLite and on PostgreSQL, with
/// tokens minted by a local OIDC issuer (an independent Python implementation) serving a real JWKS over HTTP.
///
/// Every authentication failure must answer 401 with the same generic body; every authorization failure 403
/// naming the permission; nothing else leaks.
@Suite(.serialized) struct IdentityHostileTests {
    struct Request: Sendable {
        var method = "POST"
        var path = "/v1/chat/completions"
        var headers: [(String, String)]
        var body: String?
    }

    struct Case: Sendable {
        var name: String
        var expect: Int
        var request: @Sendable (IdentityWorld) async throws -> Request
    }

    static func call(_ name: String, _ expect: Int, model: String = "assistant", _ headers: @escaping @Sendable (IdentityWorld) async throws -> [(String, String)]) -> Case {
        Case(name: name, expect: expect) { world in Request(headers: try await headers(world), body: IdentityWorld.chat(model)) }
    }

    static func token(_ name: String, _ expect: Int, model: String = "assistant",
                      _ mint: @escaping @Sendable (IdentityWorld) async throws -> String) -> Case {
        call(name, expect, model: model) { world in [("authorization", "Bearer \(try await mint(world))")] }
    }

    static func admin(_ name: String, _ expect: Int, _ method: String, _ path: String, key: String, body: String? = nil) -> Case {
        Case(name: name, expect: expect) { world in Request(method: method, path: path, headers: world.bearer(key), body: body) }
    }

    static func flip(_ text: String, at index: Int) -> String {
        var chars = Array(text)
        let i = index >= 0 ? index : chars.count + index
        chars[i] = chars[i] == "A" ? "B" : "A"
        return String(chars)
    }

    static let cases: [Case] = [
        // API keys.
        call("a valid key", 200) { $0.bearer("app") },
        call("a valid key in x-api-key", 200) { [("x-api-key", $0.keys["app"]!)] },
        call("the same key in both headers", 200) { [("authorization", "Bearer \($0.keys["app"]!)"), ("x-api-key", $0.keys["app"]!)] },
        call("the scheme in lower case", 200) { [("authorization", "bearer \($0.keys["app"]!)")] },
        call("no credentials", 401) { _ in [] },
        call("an empty bearer", 401) { _ in [("authorization", "Bearer ")] },
        call("the Basic scheme", 401) { [("authorization", "Basic \(Data($0.keys["app"]!.utf8).base64EncodedString())")] },
        call("a key without a scheme", 401) { [("authorization", $0.keys["app"]!)] },
        call("a key with its last character changed (checksum)", 401) { [("authorization", "Bearer \(flip($0.keys["app"]!, at: -1))")] },
        call("a key with a body character changed (checksum)", 401) { [("authorization", "Bearer \(flip($0.keys["app"]!, at: 10))")] },
        call("a truncated key", 401) { [("authorization", "Bearer \($0.keys["app"]!.dropLast(3))")] },
        call("a key with a character added", 401) { [("authorization", "Bearer \($0.keys["app"]!)x")] },
        call("a well-formed key that was never issued", 401) { _ in [("authorization", "Bearer \(RampartIdentityKeys.fresh())")] },
        call("a revoked key", 401) { $0.bearer("revoked") },
        call("an expired key", 401) { $0.bearer("expired") },
        call("the key of a disabled principal", 401) { $0.bearer("gone") },
        call("two Authorization headers", 401) { [("authorization", "Bearer \($0.keys["app"]!)"), ("authorization", "Bearer \($0.keys["app"]!)")] },
        call("Authorization and x-api-key disagree", 401) { [("authorization", "Bearer \($0.keys["app"]!)"), ("x-api-key", $0.keys["cleared"]!)] },
        call("a key followed by more words", 401) { [("authorization", "Bearer \($0.keys["app"]!) admin")] },
        call("SQL in the key", 401) { _ in [("authorization", "Bearer rmp_' OR '1'='1' --")] },
        call("URL-encoded CRLF in the credential", 401) { [("authorization", "Bearer \($0.keys["app"]!)%0d%0aX-Admin:%201")] },
        call("a 10 KB credential", 401) { _ in [("authorization", "Bearer " + String(repeating: "A", count: 10_000))] },
        call("a key of a principal without roles", 403) { $0.bearer("no-roles") },
        call("a key limited to another model", 403) { $0.bearer("scoped") },
        call("a key limited to this model", 200, model: "assistant-b") { $0.bearer("scoped") },
        call("an application on a workload not granted to it", 403, model: "hr-model") { $0.bearer("app") },
        call("clearance below the model's (scope 4 inherits restricted)", 403, model: "hr-model") { $0.bearer("globex") },
        call("a cleared application on the restricted model", 200, model: "hr-model") { $0.bearer("cleared") },
        call("the alias resolves to what the caller is cleared for", 200, model: "smart") { $0.bearer("app") },
        call("an unknown model is 404, authenticated", 404, model: "no-such-model") { $0.bearer("app") },

        // OIDC tokens.
        token("RS256 from the issuer", 200) { try await $0.token(key: "rsa-1") },
        token("ES256 from the issuer", 200) { try await $0.token(key: "ec-1") },
        token("EdDSA from the issuer", 200) { try await $0.token(key: "ed-1") },
        token("signed by hand, RS256", 200) { try await $0.token(key: "rsa-1", mode: "manual") },
        token("expired", 401) { try await $0.token(claims: $0.claims(["exp": .number(Date().timeIntervalSince1970 - 600)])) },
        token("expired within the allowed skew", 200) { try await $0.token(claims: $0.claims(["exp": .number(Date().timeIntervalSince1970 - 20)])) },
        token("not valid yet", 401) { try await $0.token(claims: $0.claims(["nbf": .number(Date().timeIntervalSince1970 + 600)])) },
        token("issued in the future", 401) { try await $0.token(claims: $0.claims(["iat": .number(Date().timeIntervalSince1970 + 600)])) },
        token("for another audience", 401) { try await $0.token(claims: $0.claims(["aud": .string("another-api")])) },
        token("an audience list naming Rampart", 200) { try await $0.token(claims: $0.claims(["aud": .array([.string("x"), .string("rampart")])])) },
        token("from an unknown issuer", 401) { try await $0.token(claims: $0.claims(["iss": .string("https://evil.example.com")])) },
        token("from the issuer with a trailing slash", 401) { try await $0.token(claims: $0.claims(["iss": .string($0.issuer + "/")])) },
        token("alg none", 401) { try await $0.token(mode: "none") },
        token("HS256 keyed with the RSA public key", 401) { try await $0.token(mode: "hs256-public-key") },
        token("ES256 signature under an RS256 header", 401) { try await $0.token(mode: "alg-mismatch") },
        token("an unknown kid", 401) { try await $0.token(key: "rsa-1", header: ["kid": .string("nobody")]) },
        token("no kid", 401) { try await $0.token(key: "rsa-1", mode: "manual", header: ["kid": .null]) },
        token("a forger's RSA key claiming kid rsa-1", 401) { try await $0.token(key: "rogue-rsa") },
        token("a forger's EC key claiming kid ec-1", 401) { try await $0.token(key: "rogue-ec") },
        token("the payload changed after signing", 401) { world in
            let parts = try await world.token().split(separator: ".").map(String.init)
            let forged = Data(#"{"iss":"\#(world.issuer)","aud":"rampart","sub":"admin","exp":9999999999,"groups":["admins"]}"#.utf8)
                .base64EncodedString().replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            return parts[0] + "." + forged + "." + parts[2]
        },
        token("the signature cut off", 401) { world in String(try await world.token().split(separator: ".").prefix(2).joined(separator: ".")) },
        token("an empty signature", 401) { world in try await world.token().split(separator: ".").prefix(2).joined(separator: ".") + "." },
        token("the signature truncated", 401) { world in String(try await world.token().dropLast(8)) },
        token("four segments", 401) { world in try await world.token() + ".e30" },
        token("base64 with padding", 401) { world in
            let parts = try await world.token().split(separator: ".").map(String.init)
            return parts[0] + "=." + parts[1] + "." + parts[2]
        },
        token("a header that is not JSON", 401) { world in
            let parts = try await world.token().split(separator: ".").map(String.init)
            return "bm90LWpzb24." + parts[1] + "." + parts[2]
        },
        token("oversized (9 KB token, under the HTTP header limit)", 401) { try await $0.token(claims: $0.claims(["pad": .string(String(repeating: "x", count: 7_000))])) },
        token("a critical header extension", 401) { try await $0.token(key: "rsa-1", mode: "manual", header: ["crit": .array([.string("exp")])]) },
        token("typ of another kind of token", 401) { try await $0.token(key: "rsa-1", mode: "manual", header: ["typ": .string("secevent+jwt")]) },
        token("no exp", 401) { try await $0.token(claims: $0.claims(["exp": nil])) },
        token("exp as a string", 401) { try await $0.token(claims: $0.claims(["exp": .string("9999999999")])) },
        token("no sub", 401) { try await $0.token(claims: $0.claims(["sub": nil])) },
        token("a user the directory disabled", 401) { try await $0.token(claims: $0.claims(["sub": .string("carol")])) },
        token("a user the directory puts in another tenant", 401) { try await $0.token(claims: $0.claims(["sub": .string("dave")])) },
        token("a user without any group has no role", 403) { try await $0.token(claims: $0.claims(["groups": .array([])])) },
        token("a clearance claim that is not a classification", 401) { try await $0.token(claims: $0.claims(["clearance": .string("cosmic")])) },
        token("restricted model, clearance internal", 403, model: "hr-model") { try await $0.token() },
        token("restricted model, cleared but no MFA", 403, model: "hr-model") {
            try await $0.token(claims: $0.claims(["clearance": .string("restricted")]))
        },
        token("restricted model, cleared, with MFA", 200, model: "hr-model") {
            try await $0.token(claims: $0.claims(["clearance": .string("restricted"), "amr": .array([.string("pwd"), .string("mfa")])]))
        },

        // The admin API, same authentication, same engine, tenants apart.
        admin("an admin lists its tenant's principals", 200, "GET", "/admin/v1/principals", key: "admin"),
        admin("an application may not list principals", 403, "GET", "/admin/v1/principals", key: "app"),
        admin("another tenant's principal is not found", 404, "GET", "/admin/v1/principals/globex-app", key: "admin"),
        admin("no key for another tenant's principal", 404, "POST", "/admin/v1/apikeys", key: "admin", body: #"{"principal":"globex-app","name":"x"}"#),
        admin("no principal made in another tenant", 403, "POST", "/admin/v1/principals", key: "admin",
              body: #"{"id":"mole","tenant":"globex","kind":"service","roles":["admin"]}"#),
        admin("an application may not mint keys", 403, "POST", "/admin/v1/apikeys", key: "app", body: #"{"principal":"app","name":"x"}"#),
        admin("a malformed admin body names the key", 400, "POST", "/admin/v1/principals", key: "admin", body: #"{"id":"x"}"#),
        Case(name: "the admin API without credentials", expect: 401) { _ in Request(method: "GET", path: "/admin/v1/principals", headers: []) },
        Case(name: "an OIDC admin without MFA", expect: 403) { world in
            Request(method: "GET", path: "/admin/v1/principals",
                    headers: [("authorization", "Bearer \(try await world.token(claims: world.claims(["groups": .array([.string("admins")])])))")])
        },
        Case(name: "an OIDC admin with MFA", expect: 200) { world in
            let token = try await world.token(claims: world.claims(["groups": .array([.string("admins")]), "amr": .array([.string("hwk")])]))
            return Request(method: "GET", path: "/admin/v1/principals", headers: [("authorization", "Bearer \(token)")])
        },
        Case(name: "models listed without credentials", expect: 401) { _ in Request(method: "GET", path: "/v1/models", headers: []) },
    ]

    @Test(arguments: DatabaseEngine.allCases)
    func everyHostileCaseIsRefusedAndEveryGoodOneServed(engine: DatabaseEngine) async throws {
        #expect(Self.cases.count >= 60)
        try await IdentityWorld.with(engine) { world in
            var generic: Set<String> = []
            for c in Self.cases {
                let request = try await c.request(world)
                let answer = try await world.send(request.method, request.path, headers: request.headers, body: request.body)
                #expect(answer.status == c.expect, "\(engine): \(c.name): \(answer.status) \(answer.body)")
                if answer.status == 401 {
                    generic.insert(answer.body)
                    #expect(answer.headers.contains { $0.0.lowercased() == "www-authenticate" }, "\(c.name)")
                }
                if answer.status == 403 { #expect(answer.body.contains("missing permission"), "\(c.name): \(answer.body)") }
                for secret in world.keys.values { #expect(!answer.body.contains(secret), "\(c.name) echoed a key") }
            }
            // One body for every authentication failure: nothing says which part was wrong.
            #expect(generic.count == 1, "\(generic)")
        }
    }
}

enum RampartIdentityKeys {
    static func fresh() -> String { APIKeyFormat.generate() }
}
