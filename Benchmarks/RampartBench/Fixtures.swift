import Crypto
import CryptoExtras
import Foundation

/// Tokens and a key set for the benchmark, signed in process.
enum JWTFixture {
    static func b64(_ data: some DataProtocol) -> String {
        Data(data).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func token(alg: String, kid: String, id: Int = 0, sign: ([UInt8]) -> [UInt8]) -> String {
        let header = #"{"alg":"\#(alg)","kid":"\#(kid)","typ":"JWT"}"#
        let exp = Int(Date().timeIntervalSince1970) + 86_400
        let claims = #"{"iss":"https://idp.bench","aud":"rampart","sub":"bench-user","exp":\#(exp),"jti":"\#(id)","groups":["ml"],"amr":["mfa"]}"#
        let input = b64(Data(header.utf8)) + "." + b64(Data(claims.utf8))
        return input + "." + b64(sign(Array(input.utf8)))
    }
}

enum JSONWebKeySetFixture {
    static func document(ec: P256.Signing.PublicKey, ed: Curve25519.Signing.PublicKey, rsa: _RSA.Signing.PublicKey) -> [UInt8] {
        let point = ec.x963Representation
        let primitives = try! rsa.getKeyPrimitives()
        let (n, e) = (primitives.modulus, primitives.publicExponent)
        let keys = [
            #"{"kty":"EC","crv":"P-256","kid":"ec","x":"\#(JWTFixture.b64(point.dropFirst().prefix(32)))","y":"\#(JWTFixture.b64(point.suffix(32)))"}"#,
            #"{"kty":"OKP","crv":"Ed25519","kid":"ed","x":"\#(JWTFixture.b64(ed.rawRepresentation))"}"#,
            #"{"kty":"RSA","kid":"rsa","n":"\#(JWTFixture.b64(n))","e":"\#(JWTFixture.b64(e))"}"#,
        ]
        return Array(#"{"keys":[\#(keys.joined(separator: ","))]}"#.utf8)
    }
}
