import Foundation

/// The EC2 instance metadata service's (IMDSv2) side of an instance profile: the requests that fetch the role's
/// temporary credentials, and the reading of its answer. The I/O is the caller's (over its HTTP client).
///
/// 1. `PUT /latest/api/token` with `X-aws-ec2-metadata-token-ttl-seconds` gives a session token;
/// 2. `GET /latest/meta-data/iam/security-credentials/` with `X-aws-ec2-metadata-token` names the role;
/// 3. `GET /latest/meta-data/iam/security-credentials/ROLE` answers the credentials as JSON.
public enum InstanceMetadataCredentials {
    public static let tokenPath = "/latest/api/token"
    public static let rolesPath = "/latest/meta-data/iam/security-credentials/"
    public static let tokenTTLHeader = "x-aws-ec2-metadata-token-ttl-seconds"
    public static let tokenHeader = "x-aws-ec2-metadata-token"
    /// How long a metadata session token lives (six hours, the most IMDS gives).
    public static let tokenTTLSeconds = 21600

    /// The role the instance profile holds: the first line of the roles listing.
    public static func role(fromListing text: String) throws(AWSCredentialError) -> String {
        guard let role = text.split(whereSeparator: \.isNewline).first.map({ $0.trimmingCharacters(in: .whitespaces) }), !role.isEmpty,
              !role.contains("/")
        else { throw AWSCredentialError("NoInstanceProfile", "the instance metadata service lists no role (is an instance profile attached?)") }
        return role
    }

    /// The credentials in the role's document:
    /// `{"Code": "Success", "AccessKeyId": ..., "SecretAccessKey": ..., "Token": ..., "Expiration": "2026-12-05T10:00:00Z"}`.
    public static func credentials(fromDocument text: String) throws(AWSCredentialError) -> ExpiringAWSCredentials {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
            throw AWSCredentialError("MalformedResponse", "the instance metadata credentials are not a JSON object")
        }
        if let code = object["Code"] as? String, code != "Success" {
            throw AWSCredentialError(code, (object["Message"] as? String) ?? "the instance metadata service gave no credentials")
        }
        guard let key = object["AccessKeyId"] as? String, let secret = object["SecretAccessKey"] as? String,
              let token = object["Token"] as? String, let expiration = object["Expiration"] as? String
        else { throw AWSCredentialError("MalformedResponse", "the instance metadata answer does not hold credentials") }
        guard let date = STSWebIdentity.timestamp(expiration) else {
            throw AWSCredentialError("MalformedResponse", "the credentials' expiration is not a timestamp")
        }
        return ExpiringAWSCredentials(credentials: AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: token), expiration: date)
    }
}
