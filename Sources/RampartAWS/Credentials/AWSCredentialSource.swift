/// Where signing credentials come from. Asked before each signature, so that temporary credentials (an assumed role,
/// a web identity) are renewed as they expire.
public protocol AWSCredentialProvider: Sendable {
    func credentials() async throws -> AWSCredentials
}

/// A credential provider as a deployment holds it: compared and shown by what it names, never by a secret.
public struct AWSCredentialSource: Sendable, Hashable, CustomStringConvertible {
    /// What the credentials are (`static AKIA…`, `web identity arn:aws:iam::…`): identity for equality, and what logs show.
    public let description: String
    public let provider: any AWSCredentialProvider

    public init(_ description: String, provider: any AWSCredentialProvider) {
        self.description = description
        self.provider = provider
    }

    /// Long-lived keys (or a session token given from outside), used as they are.
    public static func fixed(_ credentials: AWSCredentials) -> AWSCredentialSource {
        AWSCredentialSource("static \(credentials.accessKeyID)", provider: FixedAWSCredentials(value: credentials))
    }

    public func credentials() async throws -> AWSCredentials { try await provider.credentials() }

    public static func == (lhs: AWSCredentialSource, rhs: AWSCredentialSource) -> Bool { lhs.description == rhs.description }
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }
}

struct FixedAWSCredentials: AWSCredentialProvider {
    let value: AWSCredentials
    func credentials() -> AWSCredentials { value }
}
