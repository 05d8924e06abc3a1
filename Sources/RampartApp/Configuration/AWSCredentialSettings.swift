public import RampartAWS
public import RampartCore
import RampartYAML

/// Where AWS credentials come from: references to keys (never inline values), a web identity (an OpenID Connect
/// token in a file, exchanged with STS for a role's temporary credentials, as on EKS), or the EC2 instance profile
/// (the instance metadata service).
///
///     aws_credentials: {access_key_id: env:MY_KEY, secret_access_key: file:/run/secrets/aws}
///     aws_credentials:
///       web_identity: {role_arn: "arn:aws:iam::123456789012:role/rampart", token_file: /var/run/secrets/token}
///     aws_credentials: {instance_profile: {}}
public struct AWSCredentialSettings: Sendable, Hashable, Decodable {
    public var accessKeyID: SecretReference?
    public var secretAccessKey: SecretReference?
    public var sessionToken: SecretReference?
    public var webIdentity: AWSWebIdentitySettings?
    public var instanceProfile: AWSInstanceProfileSettings?

    /// The standard AWS environment variables: keys (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`
    /// when set), else a web identity (`AWS_ROLE_ARN`, `AWS_WEB_IDENTITY_TOKEN_FILE`), as the AWS SDKs read them.
    public static let environment = AWSCredentialSettings(
        accessKeyID: SecretReference(kind: .environment, name: "AWS_ACCESS_KEY_ID"),
        secretAccessKey: SecretReference(kind: .environment, name: "AWS_SECRET_ACCESS_KEY"),
        sessionToken: nil)

    public init(accessKeyID: SecretReference, secretAccessKey: SecretReference, sessionToken: SecretReference?) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    public init(webIdentity: AWSWebIdentitySettings) { self.webIdentity = webIdentity }

    public init(instanceProfile: AWSInstanceProfileSettings) { self.instanceProfile = instanceProfile }

    enum CodingKeys: String, CodingKey {
        case accessKeyID = "access_key_id"
        case secretAccessKey = "secret_access_key"
        case sessionToken = "session_token"
        case webIdentity = "web_identity"
        case instanceProfile = "instance_profile"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        accessKeyID = try c.decodeIfPresent(SecretReference.self, forKey: .accessKeyID)
        secretAccessKey = try c.decodeIfPresent(SecretReference.self, forKey: .secretAccessKey)
        sessionToken = try c.decodeIfPresent(SecretReference.self, forKey: .sessionToken)
        webIdentity = try c.decodeIfPresent(AWSWebIdentitySettings.self, forKey: .webIdentity)
        instanceProfile = try c.decodeIfPresent(AWSInstanceProfileSettings.self, forKey: .instanceProfile)
    }

    /// What is wrong with these settings at `path`: keys, a web identity or the instance profile, one of them.
    func problems(at path: YAMLPath) -> [LocatedProblem] {
        var problems: [LocatedProblem] = []
        if let instanceProfile {
            let profile = path.key("instance_profile")
            if accessKeyID != nil || secretAccessKey != nil || sessionToken != nil || webIdentity != nil {
                problems.append(LocatedProblem(.invalidValue, at: profile, "one of keys, web_identity or instance_profile, not several"))
            }
            if let endpoint = instanceProfile.endpoint, let reason = AWSInstanceProfileSettings.endpointProblem(endpoint) {
                problems.append(LocatedProblem(.invalidValue, at: profile.key("endpoint"), reason))
            }
            if let role = instanceProfile.role, role.isEmpty || role.contains("/") {
                problems.append(LocatedProblem(.invalidValue, at: profile.key("role"), "a role name, without slashes"))
            }
            return problems
        }
        guard let webIdentity else {
            if accessKeyID == nil {
                problems.append(LocatedProblem(.missingValue, at: path.key("access_key_id"), "give access_key_id (or web_identity, or instance_profile)"))
            }
            if secretAccessKey == nil { problems.append(LocatedProblem(.missingValue, at: path.key("secret_access_key"), "give secret_access_key")) }
            return problems
        }
        let identity = path.key("web_identity")
        if accessKeyID != nil || secretAccessKey != nil || sessionToken != nil {
            problems.append(LocatedProblem(.invalidValue, at: identity, "either keys or web_identity, not both"))
        }
        if !webIdentity.roleARN.hasPrefix("arn:aws") || !webIdentity.roleARN.contains(":role/") {
            problems.append(LocatedProblem(.invalidValue, at: identity.key("role_arn"), "an IAM role ARN, like arn:aws:iam::123456789012:role/NAME"))
        }
        if !(2...64).contains(webIdentity.sessionName.count) {
            problems.append(LocatedProblem(.invalidValue, at: identity.key("session_name"), "2 to 64 characters"))
        }
        // STS answers with credentials: https, or plain http to loopback only, as for deployments.
        if let endpoint = webIdentity.stsEndpoint, let reason = DeploymentSettings.serviceURLProblem(endpoint) {
            problems.append(LocatedProblem(.invalidValue, at: identity.key("sts_endpoint"), reason))
        }
        return problems
    }

    /// As `rampart config show` writes it: the references, never what they hold.
    public var rendered: String {
        if let instanceProfile {
            return "{instance_profile: {" + [instanceProfile.endpoint.map { "endpoint: \($0)" }, instanceProfile.role.map { "role: \($0)" }]
                .compactMap { $0 }.joined(separator: ", ") + "}}"
        }
        if let webIdentity {
            return "{web_identity: {role_arn: \(webIdentity.roleARN), token_file: \(webIdentity.tokenFile), session_name: \(webIdentity.sessionName)"
                + (webIdentity.stsEndpoint.map { ", sts_endpoint: \($0)" } ?? "") + "}}"
        }
        return "{access_key_id: \(accessKeyID.map { "\($0)" } ?? "-"), secret_access_key: \(secretAccessKey.map { "\($0)" } ?? "-")}"
    }

    /// Reads keys; with the environment defaults, `AWS_SESSION_TOKEN` is used when it is set. A web identity has no
    /// keys to read (`webIdentityToUse` names it; `source(environment:region:client:)` exchanges it with STS).
    public func resolve(environment: [String: String]) throws(InputError) -> AWSCredentials {
        guard let accessKeyID, let secretAccessKey else {
            throw InputError(.invalidValue, "web_identity and instance_profile credentials are fetched, not read as keys")
        }
        var token = try sessionToken?.resolve(environment: environment)
        if self == .environment, let value = environment["AWS_SESSION_TOKEN"], !value.isEmpty { token = value }
        return AWSCredentials(accessKeyID: try accessKeyID.resolve(environment: environment),
                              secretAccessKey: try secretAccessKey.resolve(environment: environment), sessionToken: token)
    }

    /// The web identity to use: the configured one, or, for the environment defaults without keys, the one the AWS
    /// environment variables name (with `AWS_ENDPOINT_URL_STS` and `AWS_ROLE_SESSION_NAME` when set).
    public func webIdentityToUse(environment: [String: String]) -> AWSWebIdentitySettings? {
        if let webIdentity { return webIdentity }
        guard self == .environment, environment["AWS_ACCESS_KEY_ID"]?.isEmpty ?? true,
              let role = environment["AWS_ROLE_ARN"], !role.isEmpty, let file = environment["AWS_WEB_IDENTITY_TOKEN_FILE"], !file.isEmpty
        else { return nil }
        return AWSWebIdentitySettings(roleARN: role, tokenFile: file, sessionName: environment["AWS_ROLE_SESSION_NAME"] ?? "rampart",
                                      stsEndpoint: environment["AWS_ENDPOINT_URL_STS"])
    }
}

/// A role assumed with a web identity token read from a file (read again at each renewal: such tokens rotate).
public struct AWSWebIdentitySettings: Sendable, Hashable, Decodable {
    public var roleARN: String
    public var tokenFile: String
    public var sessionName: String
    /// STS's address; by default `https://sts.{region}.amazonaws.com`.
    public var stsEndpoint: String?

    public init(roleARN: String, tokenFile: String, sessionName: String = "rampart", stsEndpoint: String? = nil) {
        self.roleARN = roleARN
        self.tokenFile = tokenFile
        self.sessionName = sessionName
        self.stsEndpoint = stsEndpoint
    }

    enum CodingKeys: String, CodingKey {
        case roleARN = "role_arn"
        case tokenFile = "token_file"
        case sessionName = "session_name"
        case stsEndpoint = "sts_endpoint"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        roleARN = try c.decode(String.self, forKey: .roleARN)
        tokenFile = try c.decode(String.self, forKey: .tokenFile)
        sessionName = try c.decodeIfPresent(String.self, forKey: .sessionName) ?? "rampart"
        stsEndpoint = try c.decodeIfPresent(String.self, forKey: .stsEndpoint)
    }
}
