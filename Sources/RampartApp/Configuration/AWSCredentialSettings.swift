public import RampartAWS
public import RampartCore

/// Where a deployment's AWS credentials come from: references, never inline values.
public struct AWSCredentialSettings: Sendable, Hashable, Decodable {
    public var accessKeyID: SecretReference
    public var secretAccessKey: SecretReference
    public var sessionToken: SecretReference?

    /// The standard AWS environment variables; the session token only when it is set.
    public static let environment = AWSCredentialSettings(
        accessKeyID: SecretReference(kind: .environment, name: "AWS_ACCESS_KEY_ID"),
        secretAccessKey: SecretReference(kind: .environment, name: "AWS_SECRET_ACCESS_KEY"),
        sessionToken: nil)

    public init(accessKeyID: SecretReference, secretAccessKey: SecretReference, sessionToken: SecretReference?) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    enum CodingKeys: String, CodingKey {
        case accessKeyID = "access_key_id"
        case secretAccessKey = "secret_access_key"
        case sessionToken = "session_token"
    }

    /// Reads the credentials; with the environment defaults, `AWS_SESSION_TOKEN` is used when it is set.
    public func resolve(environment: [String: String]) throws(InputError) -> AWSCredentials {
        var token = try sessionToken?.resolve(environment: environment)
        if self == .environment, let value = environment["AWS_SESSION_TOKEN"], !value.isEmpty { token = value }
        return AWSCredentials(accessKeyID: try accessKeyID.resolve(environment: environment),
                              secretAccessKey: try secretAccessKey.resolve(environment: environment), sessionToken: token)
    }
}
