import Foundation
import RampartCore
import RampartYAML

/// One SIEM export under `audit.export` in `rampart.yaml`: where the log's events go as OCSF 1.6 JSON.
///
/// ```yaml
/// audit:
///   export:
///     - {name: siem-file, kind: file, path: /var/log/rampart/ocsf.ndjson}
///     - {name: siem-http, kind: http, url: https://siem.example.com/ingest, token: env:SIEM_TOKEN}
///     - {name: siem-syslog, kind: syslog, address: siem.example.com:6514, ca_file: /etc/rampart/siem-ca.pem}
///     - {name: security-hub, kind: aws-security-hub, region: eu-west-1, account_id: "123456789012"}
/// ```
public struct ExportSettings: Sendable, Hashable, Decodable {
    public enum Kind: String, Sendable, Hashable, Decodable, CaseIterable {
        /// JSON lines appended to a file, synced after each batch.
        case file
        /// A JSON array POSTed per batch.
        case http
        /// RFC 5424 messages over TCP with TLS (RFC 5425 framing).
        case syslog
        /// ASFF findings to Security Hub CSPM's BatchImportFindings, at most 100 a call.
        case awsSecurityHub = "aws-security-hub"
    }

    public var name: String
    public var kind: Kind
    public var path: String?
    public var url: String?
    /// A bearer token for `http`: a reference (`env:NAME`, `file:PATH`), never the token.
    public var token: SecretReference?
    /// `host:port` of a syslog receiver.
    public var address: String?
    /// Certificates (PEM) to trust for the receiver instead of the system's.
    public var caFile: String?
    public var region: String?
    public var accountID: String?
    /// Another Security Hub endpoint (a VPC endpoint, or an emulator in tests).
    public var endpoint: String?
    public var credentials: AWSCredentialSettings?

    enum CodingKeys: String, CodingKey {
        case name, kind, path, url, token, address, region, endpoint, credentials
        case caFile = "ca_file"
        case accountID = "account_id"
    }

    func problems(at base: YAMLPath) -> [LocatedProblem] {
        var problems: [LocatedProblem] = []
        func require(_ value: String?, _ key: String, _ what: String) {
            if value?.isEmpty ?? true { problems.append(LocatedProblem(.missingValue, at: base.key(key), "a \(kind.rawValue) export needs \(what)")) }
        }
        if name.isEmpty || name.contains(where: { $0.isWhitespace }) {
            problems.append(LocatedProblem(.invalidValue, at: base.key("name"), "an export's name is one word"))
        }
        if let credentials { problems += credentials.problems(at: base.key("credentials")) }
        switch kind {
        case .file:
            require(path, "path", "the file to append to")
        case .http:
            require(url, "url", "the URL to POST to")
            if let url, let problem = DeploymentSettings.serviceURLProblem(url) { problems.append(LocatedProblem(.invalidValue, at: base.key("url"), problem)) }
        case .syslog:
            require(address, "address", "the receiver as host:port")
            if let address, !address.isEmpty, Self.hostAndPort(address) == nil {
                problems.append(LocatedProblem(.invalidValue, at: base.key("address"), "'\(address)' is not host:port"))
            }
        case .awsSecurityHub:
            require(region, "region", "the Security Hub region")
            require(accountID, "account_id", "the AWS account id")
            if let accountID, !accountID.isEmpty, accountID.wholeMatch(of: /[0-9]{12}/) == nil {
                problems.append(LocatedProblem(.invalidValue, at: base.key("account_id"), "an AWS account id is 12 digits"))
            }
            if let endpoint, let problem = DeploymentSettings.serviceURLProblem(endpoint) {
                problems.append(LocatedProblem(.invalidValue, at: base.key("endpoint"), problem))
            }
        }
        return problems
    }

    /// `host:port` split, the port 1 to 65535.
    static func hostAndPort(_ address: String) -> (host: String, port: Int)? {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]), (1...65_535).contains(port),
              colon > address.startIndex
        else { return nil }
        return (String(address[..<colon]), port)
    }
}
