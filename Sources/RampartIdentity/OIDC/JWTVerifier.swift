public import Foundation
public import RampartPolicy

/// What a token must satisfy besides its signature.
public struct JWTValidation: Sendable, Hashable {
    public var issuer: String
    /// The token's `aud` must name at least one of these.
    public var audiences: Set<String>
    public var algorithms: Set<JWTAlgorithm>
    /// How far clocks may disagree, for `exp`, `nbf` and `iat`.
    public var clockSkew: TimeInterval
    /// Longer tokens are refused before any parsing.
    public var maximumBytes: Int

    public init(issuer: String, audiences: Set<String>, algorithms: Set<JWTAlgorithm> = Set(JWTAlgorithm.allCases),
                clockSkew: TimeInterval = 60, maximumBytes: Int = 8192) {
        self.issuer = issuer
        self.audiences = audiences
        self.algorithms = algorithms
        self.clockSkew = clockSkew
        self.maximumBytes = maximumBytes
    }
}

/// A token split and decoded but not yet trusted.
public struct UnverifiedToken: Sendable {
    public var algorithm: String
    public var keyID: String?
    public var claims: [String: ClaimValue]
    let signingInput: [UInt8]
    let signature: [UInt8]
    let header: [String: ClaimValue]

    /// The `iss` claim as written, used only to pick which issuer's rules and keys verify the token.
    public var claimedIssuer: String? { claims["iss"]?.string }
}

/// A verified token's claims.
public struct VerifiedToken: Sendable, Hashable {
    public var subject: String
    public var issuer: String
    public var expiresAt: Date
    public var tokenID: String?
    public var claims: [String: ClaimValue]
}

/// Compact-serialization JWS verification, strict: no `none`, no HMAC, no algorithm the key was not made for,
/// no `crit` extensions, and every time claim checked with bounded skew.
public enum JWTVerifier {
    /// Splits and decodes a token, refusing anything malformed or oversized before any cryptography.
    public static func decode(_ token: String, maximumBytes: Int) -> Result<UnverifiedToken, AuthenticationFailure> {
        guard token.utf8.count <= maximumBytes else {
            return .failure(AuthenticationFailure("jwt.too_large", "the token has \(token.utf8.count) bytes; the limit is \(maximumBytes)"))
        }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return .failure(AuthenticationFailure("jwt.malformed", "a token has three dot-separated parts")) }
        guard let headerBytes = Base64URL.decode(parts[0]), let claimBytes = Base64URL.decode(parts[1]),
              let signature = Base64URL.decode(parts[2])
        else { return .failure(AuthenticationFailure("jwt.malformed", "a part is not base64url")) }
        guard let header = try? JSONDecoder().decode([String: ClaimValue].self, from: Data(headerBytes)),
              let claims = try? JSONDecoder().decode([String: ClaimValue].self, from: Data(claimBytes))
        else { return .failure(AuthenticationFailure("jwt.malformed", "the header or the claims are not a JSON object")) }
        guard let algorithm = header["alg"]?.string else { return .failure(AuthenticationFailure("jwt.malformed", "the header has no alg")) }
        return .success(UnverifiedToken(
            algorithm: algorithm, keyID: header["kid"]?.string, claims: claims,
            signingInput: Array(parts[0].utf8) + [UInt8(ascii: ".")] + Array(parts[1].utf8), signature: signature, header: header))
    }

    /// Checks the header against the rules, before a key is looked up.
    public static func checkHeader(_ token: UnverifiedToken, _ rules: JWTValidation) -> Result<JWTAlgorithm, AuthenticationFailure> {
        guard let algorithm = JWTAlgorithm(rawValue: token.algorithm), rules.algorithms.contains(algorithm) else {
            return .failure(AuthenticationFailure("jwt.algorithm_not_allowed", "alg '\(token.algorithm.prefix(16))' is not allowed"))
        }
        if token.header["crit"] != nil {
            return .failure(AuthenticationFailure("jwt.unsupported_critical", "the header names critical extensions"))
        }
        if let type = token.header["typ"] {
            guard let text = type.string, ["jwt", "at+jwt", "application/at+jwt"].contains(text.lowercased()) else {
                return .failure(AuthenticationFailure("jwt.wrong_type", "typ is not JWT"))
            }
        }
        guard let kid = token.keyID, !kid.isEmpty else { return .failure(AuthenticationFailure("jwt.no_key_id", "the header has no kid")) }
        return .success(algorithm)
    }

    /// Verifies the signature with `key` and the claims against the rules at `now`.
    public static func verify(_ token: UnverifiedToken, key: VerificationKey, rules: JWTValidation, now: Date)
        -> Result<VerifiedToken, AuthenticationFailure>
    {
        let algorithm: JWTAlgorithm
        switch checkHeader(token, rules) {
        case .success(let checked): algorithm = checked
        case .failure(let failure): return .failure(failure)
        }
        guard key.algorithm == algorithm else {
            return .failure(AuthenticationFailure("jwt.algorithm_mismatch", "key '\(key.id)' is for \(key.algorithm.rawValue), the token says \(algorithm.rawValue)"))
        }
        guard key.verifies(token.signature, over: token.signingInput) else {
            return .failure(AuthenticationFailure("jwt.bad_signature", "the signature does not verify with key '\(key.id)'"))
        }
        let claims = token.claims
        guard claims["iss"]?.string == rules.issuer else { return .failure(AuthenticationFailure("jwt.wrong_issuer", "iss is not the configured issuer")) }
        guard let audience = claims["aud"], !Set(audience.strings).isDisjoint(with: rules.audiences) else {
            return .failure(AuthenticationFailure("jwt.wrong_audience", "aud does not name this gateway"))
        }
        let t = now.timeIntervalSince1970
        guard let exp = claims["exp"]?.number, exp.isFinite else { return .failure(AuthenticationFailure("jwt.missing_claim", "no numeric exp")) }
        guard t < exp + rules.clockSkew else { return .failure(AuthenticationFailure("jwt.expired", "expired \(Int(t - exp)) s ago")) }
        if let nbf = claims["nbf"] {
            guard let value = nbf.number, value.isFinite else { return .failure(AuthenticationFailure("jwt.malformed", "nbf is not a number")) }
            guard t >= value - rules.clockSkew else { return .failure(AuthenticationFailure("jwt.not_yet_valid", "valid in \(Int(value - t)) s")) }
        }
        if let iat = claims["iat"] {
            guard let value = iat.number, value.isFinite else { return .failure(AuthenticationFailure("jwt.malformed", "iat is not a number")) }
            guard value <= t + rules.clockSkew else { return .failure(AuthenticationFailure("jwt.issued_in_future", "iat is \(Int(value - t)) s ahead")) }
        }
        guard let subject = claims["sub"]?.string, !subject.isEmpty, subject.count <= 256 else {
            return .failure(AuthenticationFailure("jwt.missing_claim", "no sub"))
        }
        return .success(VerifiedToken(subject: subject, issuer: rules.issuer, expiresAt: Date(timeIntervalSince1970: exp),
                                      tokenID: claims["jti"]?.string, claims: claims))
    }
}
