import Foundation

/// Credentials of the EC2 instance profile, read from the instance metadata service (IMDSv2, session tokens only).
///
///     aws_credentials: {instance_profile: {}}
public struct AWSInstanceProfileSettings: Sendable, Hashable, Decodable {
    /// The metadata service; by default `AWS_EC2_METADATA_SERVICE_ENDPOINT`, else `http://169.254.169.254`.
    public var endpoint: String?
    /// The role to read; by default the one the instance profile lists.
    public var role: String?

    public init(endpoint: String? = nil, role: String? = nil) {
        self.endpoint = endpoint
        self.role = role
    }

    /// The metadata service's own addresses, the only hosts plain http may reach besides loopback.
    static let serviceHosts: Set<String> = ["169.254.169.254", "[fd00:ec2::254]", "fd00:ec2::254"]

    /// The endpoint to use.
    func endpointToUse(environment: [String: String]) -> String {
        endpoint ?? environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 } ?? "http://169.254.169.254"
    }

    /// Why `endpoint` cannot be the metadata service, or nil: the service's own address over http, or https, or
    /// loopback (an emulator).
    static func endpointProblem(_ text: String) -> String? {
        guard let url = URLComponents(string: text), let scheme = url.scheme, let host = url.host, !host.isEmpty else {
            return "expected a URL such as http://169.254.169.254"
        }
        if scheme == "http", serviceHosts.contains(host) { return nil }
        return DeploymentSettings.urlProblem(text).map { _ in "http only to the metadata service's address (169.254.169.254) or loopback; else https" }
    }

    enum CodingKeys: String, CodingKey {
        case endpoint
        case role
    }
}
