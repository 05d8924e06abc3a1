import Crypto
import RampartCore

/// Rampart's API key format: `rmp_`, 43 base62 characters of randomness (256 bits), and a 6-character base62
/// CRC32 of them. The prefix and checksum let scanners (Rampart's own secret detector among them) recognise a
/// leaked key without asking the server, and let the gateway refuse mistyped keys without a lookup.
public enum APIKeyFormat {
    public static let prefix = "rmp_"
    static let bodyLength = 43
    static let checksumLength = 6
    public static let length = prefix.count + bodyLength + checksumLength
    static let alphabet = TokenChecksum.base62
    /// Whether each byte is in the alphabet, by table (the check runs on every request).
    static let inAlphabet: [Bool] = (0..<256).map { alphabet.contains(UInt8($0)) }

    /// A new key from 32 random bytes.
    public static func generate<G: RandomNumberGenerator>(using generator: inout G) -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        for i in bytes.indices { bytes[i] = UInt8.random(in: .min ... .max, using: &generator) }
        let body = base62(bytes, length: bodyLength)
        return prefix + body + checksum(of: body)
    }

    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    /// Whether the text is a well-formed key with a correct checksum.
    public static func isWellFormed(_ key: some StringProtocol) -> Bool {
        let utf8 = Array(key.utf8)
        guard utf8.count == length, key.hasPrefix(prefix) else { return false }
        let rest = utf8[prefix.count...]
        guard rest.allSatisfy({ inAlphabet[Int($0)] }) else { return false }
        return checksumDigits(of: rest.prefix(bodyLength)).elementsEqual(rest.suffix(checksumLength))
    }

    /// The public id of a key: the prefix and the first 8 characters, shown in listings and logs.
    public static func id(of key: String) -> String { String(key.prefix(prefix.count + 8)) }

    static func checksum(of body: String) -> String {
        String(decoding: checksumDigits(of: Array(body.utf8)), as: UTF8.self)
    }

    static func checksumDigits(of body: some Collection<UInt8>) -> [UInt8] {
        TokenChecksum.digits(of: body, count: checksumLength)
    }

    /// Big-endian base62 of the bytes, left-padded with zeros to `length` digits.
    static func base62(_ bytes: [UInt8], length: Int) -> String {
        var number = bytes
        var digits: [UInt8] = []
        while number.contains(where: { $0 != 0 }) {
            var remainder = 0
            var next: [UInt8] = []
            next.reserveCapacity(number.count)
            for byte in number {
                let accumulator = remainder * 256 + Int(byte)
                let quotient = accumulator / 62
                remainder = accumulator % 62
                if !next.isEmpty || quotient != 0 { next.append(UInt8(quotient)) }
            }
            digits.append(alphabet[remainder])
            number = next
        }
        while digits.count < length { digits.append(alphabet[0]) }
        return String(decoding: digits.reversed(), as: UTF8.self)
    }
}

/// Keys are stored only as HMAC-SHA256 under a server secret, so a copy of the database cannot be used to
/// recognise or replay keys without that secret too.
public struct APIKeyHasher: Sendable {
    private let key: SymmetricKey

    public init(secret: [UInt8]) { self.key = SymmetricKey(data: secret) }

    public func hash(_ apiKey: String) -> String {
        Hex.encode(HMAC<SHA256>.authenticationCode(for: Array(apiKey.utf8), using: key))
    }
}
