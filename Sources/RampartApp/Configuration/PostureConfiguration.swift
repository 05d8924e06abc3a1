import Foundation
import RampartCore
public import RampartPosture
import RampartYAML

/// `posture:` in `rampart.yaml`: the limits posture scans hold infrastructure to, and the AWS account a live scan
/// reads.
public struct PostureConfiguration: Sendable, Hashable, Decodable {
    /// The longest time data may be kept (S3 lifecycle expiry, log retention), in days.
    public var retentionDays: Int
    /// The longest key rotation period, in days.
    public var rotationDays: Int
    /// ARN patterns (with `*`) of the identities allowed to decrypt with a KMS key.
    public var decryptAllowlist: [String]
    public var aws: PostureAWSSettings?

    enum CodingKeys: String, CodingKey {
        case retentionDays = "retention_days"
        case rotationDays = "rotation_days"
        case decryptAllowlist = "decrypt_allowlist"
        case aws
    }

    public init() {
        retentionDays = 365
        rotationDays = 90
        decryptAllowlist = []
        aws = nil
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        retentionDays = try c.decodeIfPresent(Int.self, forKey: .retentionDays) ?? 365
        rotationDays = try c.decodeIfPresent(Int.self, forKey: .rotationDays) ?? 90
        decryptAllowlist = try c.decodeIfPresent([String].self, forKey: .decryptAllowlist) ?? []
        aws = try c.decodeIfPresent(PostureAWSSettings.self, forKey: .aws)
    }

    /// The settings rules read.
    public var settings: PostureSettings {
        PostureSettings(retentionDays: retentionDays, rotationDays: rotationDays, decryptAllowlist: decryptAllowlist)
    }

    func problems() -> [LocatedProblem] {
        let base = YAMLPath().key("posture")
        var problems: [LocatedProblem] = []
        if !(1...36_500).contains(retentionDays) { problems.append(LocatedProblem(.invalidValue, at: base.key("retention_days"), "must be 1 to 36500")) }
        if !(1...3650).contains(rotationDays) { problems.append(LocatedProblem(.invalidValue, at: base.key("rotation_days"), "must be 1 to 3650")) }
        for (i, pattern) in decryptAllowlist.enumerated() where pattern.isEmpty || pattern == "*" {
            problems.append(LocatedProblem(.invalidValue, at: base.key("decrypt_allowlist").index(i), "an allowlist entry must name identities, not everyone"))
        }
        if let aws {
            if aws.regions.isEmpty { problems.append(LocatedProblem(.missingValue, at: base.key("aws").key("regions"), "name at least one region")) }
            for (i, region) in aws.regions.enumerated() where !region.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }) || region.isEmpty {
                problems.append(LocatedProblem(.invalidValue, at: base.key("aws").key("regions").index(i), "'\(region)' is not a region name"))
            }
            if let endpoint = aws.endpoint, let problem = DeploymentSettings.serviceURLProblem(endpoint) {
                problems.append(LocatedProblem(.invalidValue, at: base.key("aws").key("endpoint"), problem))
            }
            if let credentials = aws.credentials { problems += credentials.problems(at: base.key("aws").key("credentials")) }
        }
        return problems
    }
}

/// The AWS account a live posture scan reads, read-only: its regions, an endpoint for every service (an emulator
/// or a proxy; AWS's public endpoints otherwise) and credentials by reference.
public struct PostureAWSSettings: Sendable, Hashable, Decodable {
    public var regions: [String]
    public var endpoint: String?
    public var credentials: AWSCredentialSettings?

    enum CodingKeys: String, CodingKey { case regions, endpoint, credentials }
}
