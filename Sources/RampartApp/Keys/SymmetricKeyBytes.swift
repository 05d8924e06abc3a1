import Crypto

/// A `SymmetricKey` from raw bytes, for the composition root (which does not otherwise import Crypto's types).
enum SymmetricKeyBytes {
    static func make(_ bytes: [UInt8]) -> SymmetricKey { SymmetricKey(data: bytes) }
}
