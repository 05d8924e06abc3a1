import Crypto

/// A data key and what is derived from it: the key that seals the payload, and a commitment to the data key that
/// the envelope header carries. AES-GCM alone is not key-committing: without the commitment, one ciphertext with two
/// wrapped copies of two different data keys (a hybrid envelope made by someone holding both providers' encrypt
/// permission) could open to two different plaintexts. With it, a copy that unwraps to another data key is refused.
struct DataKey: Sendable {
    /// The key as providers wrap it.
    let material: SymmetricKey
    let payloadKey: SymmetricKey
    let commitment: [UInt8]

    init(_ material: SymmetricKey) {
        self.material = material
        payloadKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: material, info: Array("rampart payload key v2".utf8), outputByteCount: 32)
        commitment = HKDF<SHA256>.deriveKey(inputKeyMaterial: material, info: Array("rampart key commitment v2".utf8), outputByteCount: 32)
            .withUnsafeBytes { Array($0) }
    }

    static func fresh() -> DataKey { DataKey(SymmetricKey(size: .bits256)) }

    /// Whether this key is the one `commitment` commits to (compared in constant time).
    func matches(_ commitment: [UInt8]) -> Bool {
        guard commitment.count == self.commitment.count else { return false }
        return zip(commitment, self.commitment).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
