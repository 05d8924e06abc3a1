import Foundation

/// STS `AssumeRoleWithWebIdentity`: temporary credentials for a role, in exchange for an OpenID Connect token (what
/// EKS service accounts and other workload identities hand a process in a file). The request is not signed: the
/// token is the proof.
public enum STSWebIdentity {
    /// The form body of the request (`POST` to the STS endpoint, `application/x-www-form-urlencoded`).
    public static func formBody(roleARN: String, sessionName: String, token: String, durationSeconds: Int = 3600) -> String {
        [("Action", "AssumeRoleWithWebIdentity"), ("Version", "2011-06-15"), ("RoleArn", roleARN), ("RoleSessionName", sessionName),
         ("WebIdentityToken", token), ("DurationSeconds", String(durationSeconds))]
            .map { "\($0.0)=\(AWSPercentEncoding.encode($0.1))" }.joined(separator: "&")
    }

    /// The credentials in STS's XML answer; an `<Error>` answer, or one without all four fields, throws.
    public static func credentials(fromResponse xml: String) throws(AWSCredentialError) -> ExpiringAWSCredentials {
        if xml.contains("<Error>") {
            throw AWSCredentialError(element("Code", in: xml) ?? "STSError", element("Message", in: xml) ?? "STS refused the web identity")
        }
        guard let key = element("AccessKeyId", in: xml), let secret = element("SecretAccessKey", in: xml),
              let token = element("SessionToken", in: xml), let expiration = element("Expiration", in: xml)
        else { throw AWSCredentialError("MalformedResponse", "the STS answer does not hold credentials") }
        guard let date = timestamp(expiration) else { throw AWSCredentialError("MalformedResponse", "the credentials' expiration is not a timestamp") }
        return ExpiringAWSCredentials(credentials: AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: token), expiration: date)
    }

    /// The text of the first `<name>` element, XML entities resolved.
    static func element(_ name: String, in xml: String) -> String? {
        guard let open = xml.range(of: "<\(name)>"), let close = xml.range(of: "</\(name)>", range: open.upperBound..<xml.endIndex) else { return nil }
        let raw = xml[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
        return raw.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }

    static func timestamp(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
