import Crypto
import CryptoExtras
import Foundation
import RampartCore
public import RampartPolicy

/// The algorithms Rampart accepts in a JWT; `none` and every HMAC are absent by construction.
public enum JWTAlgorithm: String, Sendable, Hashable, CaseIterable, Decodable {
    case rs256 = "RS256"
    case es256 = "ES256"
    case edDSA = "EdDSA"

    public init(from decoder: any Decoder) throws { self = try decodeClosedEnum(Self.self, from: decoder) }
}

/// A public key from an issuer's JWKS, ready to verify signatures of one algorithm.
public struct VerificationKey: Sendable {
    enum Material: @unchecked Sendable {
        case rsa(_RSA.Signing.PublicKey)
        case p256(P256.Signing.PublicKey)
        case ed25519(Curve25519.Signing.PublicKey)
    }

    public let id: String
    public let algorithm: JWTAlgorithm
    let material: Material

    /// Whether `signature` signs `input` under this key.
    func verifies(_ signature: [UInt8], over input: [UInt8]) -> Bool {
        switch material {
        case .rsa(let key):
            return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: input),
                                        padding: .insecurePKCS1v1_5)
        case .p256(let key):
            guard signature.count == 64, let parsed = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: SHA256.hash(data: input))
        case .ed25519(let key):
            return key.isValidSignature(signature, for: input)
        }
    }
}

/// An issuer's key set. Keys that Rampart cannot use (HMAC secrets, encryption keys, short RSA keys, unknown
/// curves) are skipped and named, never guessed at.
public struct JSONWebKeySet: Sendable {
    public private(set) var keys: [String: VerificationKey]
    public private(set) var skipped: [String]

    struct Document: Decodable { var keys: [Entry] }
    struct Entry: Decodable {
        var kty: String
        var kid: String?
        var use: String?
        var alg: String?
        var n: String?
        var e: String?
        var crv: String?
        var x: String?
        var y: String?
    }

    public init(keys: [VerificationKey]) {
        self.keys = Dictionary(keys.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.skipped = []
    }

    /// Parses a JWKS document (`{"keys": [...]}`), at most 64 KiB.
    public init(json: [UInt8]) throws(AuthenticationFailure) {
        guard json.count <= 65_536 else { throw .init("jwks.too_large", "the JWKS document is larger than 64 KiB") }
        let document: Document
        do { document = try JSONDecoder().decode(Document.self, from: Data(json)) } catch {
            throw .init("jwks.malformed", "the JWKS document is not a JSON key set")
        }
        keys = [:]
        skipped = []
        for (i, entry) in document.keys.enumerated() {
            let name = entry.kid ?? "#\(i)"
            guard let kid = entry.kid, !kid.isEmpty else { skipped.append("\(name): no kid"); continue }
            if let use = entry.use, use != "sig" { skipped.append("\(name): use \(use)"); continue }
            guard let key = Self.key(entry, kid: kid) else { skipped.append("\(name): unusable \(entry.kty) key"); continue }
            if keys[kid] != nil { skipped.append("\(name): duplicate kid"); continue }
            keys[kid] = key
        }
    }

    static func key(_ entry: Entry, kid: String) -> VerificationKey? {
        switch entry.kty {
        case "RSA":
            guard entry.alg == nil || entry.alg == "RS256", let n = entry.n.flatMap(Base64URL.decode), let e = entry.e.flatMap(Base64URL.decode),
                  let key = try? _RSA.Signing.PublicKey(n: n, e: e)
            else { return nil }
            return VerificationKey(id: kid, algorithm: .rs256, material: .rsa(key))
        case "EC":
            guard entry.alg == nil || entry.alg == "ES256", entry.crv == "P-256", let x = entry.x.flatMap(Base64URL.decode),
                  let y = entry.y.flatMap(Base64URL.decode), x.count == 32, y.count == 32,
                  let key = try? P256.Signing.PublicKey(x963Representation: [0x04] + x + y)
            else { return nil }
            return VerificationKey(id: kid, algorithm: .es256, material: .p256(key))
        case "OKP":
            guard entry.alg == nil || entry.alg == "EdDSA", entry.crv == "Ed25519", let x = entry.x.flatMap(Base64URL.decode),
                  let key = try? Curve25519.Signing.PublicKey(rawRepresentation: x)
            else { return nil }
            return VerificationKey(id: kid, algorithm: .edDSA, material: .ed25519(key))
        default:
            return nil
        }
    }
}

/// Strict base64url without padding (RFC 7515 §2): any other character, padding, or impossible length is refused.
enum Base64URL {
    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for c in text.utf8 {
            let v: UInt32
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): v = UInt32(c - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): v = UInt32(c - UInt8(ascii: "a") + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = UInt32(c - UInt8(ascii: "0") + 52)
            case UInt8(ascii: "-"): v = 62
            case UInt8(ascii: "_"): v = 63
            default: return nil
            }
            buffer = buffer << 6 | v
            bits += 6
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        // A final group of one character cannot encode a byte; leftover bits must be zero (canonical encoding).
        if bits >= 6 || buffer & ((1 << UInt32(bits)) - 1) != 0 { return nil }
        return bytes
    }
}
