public import RampartCore

/// Why a key operation failed. `code` is stable; `message` names the key or object and the cause, never key
/// material or plaintext.
public struct KeyError: Error, Sendable, Hashable, CodedError {
    public enum Code: String, Sendable, Hashable {
        case wrongPassphrase = "keys.wrong_passphrase"
        case keyNotFound = "keys.key_not_found"
        case keyDestroyed = "keys.key_destroyed"
        case keyDisabled = "keys.key_disabled"
        /// The ciphertext does not open: another key, another context, or tampered bytes (AES-GCM cannot tell which).
        case authenticationFailed = "keys.authentication_failed"
        case malformed = "keys.malformed"
        case keyRetired = "keys.key_retired"
        case providerUnavailable = "keys.provider_unavailable"
        case providerRefused = "keys.provider_refused"
        case storage = "keys.storage"
        /// The key access policy does not let this caller do this with this key.
        case accessDenied = "keys.access_denied"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}
