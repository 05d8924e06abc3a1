public import Crypto

/// Where key-encryption keys live and wrap data keys: a local keyring, AWS KMS, an HSM through PKCS#11.
///
/// A provider never hands out a key-encryption key; it wraps and unwraps data keys under one, bound to a context.
/// Every provider passes the same contract test suite.
public protocol KeyProvider: Sendable {
    /// The provider's kind as configuration and envelopes name it (`local`, `aws-kms`, `pkcs11`).
    var kind: String { get }
    /// Creates a new key-encryption key and returns its id in this provider.
    func createKey(label: String) async throws(KeyError) -> String
    /// `dataKey` encrypted under the key `keyID`, bound to `context`.
    func wrap(_ dataKey: SymmetricKey, keyID: String, context: EncryptionContext) async throws(KeyError) -> [UInt8]
    /// The data key, if `wrapped` was made by `wrap` with this key and this context.
    func unwrap(_ wrapped: [UInt8], keyID: String, context: EncryptionContext) async throws(KeyError) -> SymmetricKey
    /// Makes the key unusable for good (crypto-shredding); unwrapping under it fails with `keyDestroyed` or
    /// `keyDisabled` afterwards.
    func destroyKey(_ keyID: String) async throws(KeyError)
}
