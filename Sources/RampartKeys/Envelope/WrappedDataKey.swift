/// One copy of a data key, wrapped by one provider's key-encryption key.
public struct WrappedDataKey: Sendable, Hashable {
    /// The provider's kind (`local`, `aws-kms`, `pkcs11`).
    public var provider: String
    public var keyID: String
    public var wrapped: [UInt8]

    public init(provider: String, keyID: String, wrapped: [UInt8]) {
        self.provider = provider
        self.keyID = keyID
        self.wrapped = wrapped
    }
}

/// A key-encryption key to seal under: which provider, which key, which version of the Rampart key it stands for.
public struct KeyReference: Sendable, Hashable {
    public var provider: String
    public var keyID: String
    public var version: Int

    public init(provider: String, keyID: String, version: Int) {
        self.provider = provider
        self.keyID = keyID
        self.version = version
    }
}
