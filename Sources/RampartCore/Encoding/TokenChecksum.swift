/// The checksum scheme of prefixed tokens (GitHub's, and Rampart's API keys): CRC-32 of the token's body written as
/// a fixed number of base62 digits, so a scanner can tell a real-looking token from a typo or a random string.
public enum TokenChecksum {
    public static let base62 = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    @usableFromInline static let table: [UInt32] = (0..<256).map { i in
        var c = UInt32(i)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// CRC-32 (IEEE 802.3, as zlib computes it). Inlinable, as `digits`, to be specialized for the caller's
    /// collection: the gateway checks an API key's checksum on every request.
    @inlinable
    public static func crc32(_ bytes: some Collection<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    /// The CRC-32 of `body` as `count` base62 digits, most significant first.
    @inlinable
    public static func digits(of body: some Collection<UInt8>, count: Int = 6) -> [UInt8] {
        var value = UInt64(crc32(body))
        var digits = [UInt8](repeating: 0, count: count)
        for k in (0..<count).reversed() {
            digits[k] = base62[Int(value % 62)]
            value /= 62
        }
        return digits
    }
}
