/// An AWS access key, and the session token that comes with temporary credentials.
///
/// The description never shows the secret or the token, so credentials can be logged by mistake without leaking.
public struct AWSCredentials: Sendable, Hashable, CustomStringConvertible {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    public var description: String {
        "AWSCredentials(\(accessKeyID.prefix(4))…, secret redacted\(sessionToken == nil ? "" : ", session token redacted"))"
    }
}
