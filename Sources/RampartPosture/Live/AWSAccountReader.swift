import Foundation
import RampartCore

/// Reads a live AWS account, read-only, into declared resources shaped like their CloudFormation counterparts, so
/// that one translator and one set of rules serve templates, plans and accounts. Every list is paged to its end
/// (at most `maximumPages` pages); a service that cannot be read is named in `unreadable` and its rules see none of
/// it, which the report says rather than passing in silence.
public struct AWSAccountReader: Sendable {
    let transport: any AWSTransport
    public var regions: [String]
    static let maximumPages = 200

    public init(transport: any AWSTransport, regions: [String]) {
        self.transport = transport
        self.regions = regions
    }

    /// What was read.
    public struct Account: Sendable {
        public var id: String
        public var resources: [DeclaredResource] = []
        /// `service (region): reason`, for each part that could not be read.
        public var unreadable: [String] = []
    }

    /// Reads everything the rules need; progress gets one line per service and region.
    public func read(progress: @Sendable (String) -> Void = { _ in }) async throws(PostureReadError) -> Account {
        let identity = try await call(AWSAPIRequest(service: "sts", region: regions.first ?? "us-east-1", method: "POST", path: "/",
                                                    headers: [("content-type", "application/x-www-form-urlencoded; charset=utf-8")],
                                                    body: Array("Action=GetCallerIdentity&Version=2011-06-15".utf8)), xml: true)
        guard let id = identity.at("GetCallerIdentityResult", "Account")?.string else {
            throw PostureReadError(.malformed, "sts:GetCallerIdentity answered without an account")
        }
        var account = Account(id: id)
        for service in ["iam", "s3"] {
            progress("posture scan: reading \(service)")
            do { account.resources += try await (service == "iam" ? readIAM() : readS3()) } catch { account.unreadable.append("\(service): \(error.message)") }
        }
        var trails: Set<String> = []
        for region in regions {
            for service in Self.regionalServices {
                progress("posture scan: reading \(service) in \(region)")
                do {
                    let (resources, notes) = try await read(service, region: region)
                    account.unreadable += notes.map { "\(service) (\(region)): \($0)" }
                    for resource in resources {
                        // A multi-region trail is listed in every region; keep it once.
                        if resource.type == "AWS::CloudTrail::Trail", let arn = resource.cloudID, !trails.insert(arn).inserted { continue }
                        account.resources.append(resource)
                    }
                } catch {
                    account.unreadable.append("\(service) (\(region)): \(error.message)")
                }
            }
        }
        return account
    }

    static let regionalServices = ["kms", "ec2", "cloudtrail", "logs", "sagemaker", "bedrock", "guardduty", "securityhub"]

    /// One service in one region: its resources, and what of it could not be read while the rest could.
    func read(_ service: String, region: String) async throws(PostureReadError) -> ([DeclaredResource], [String]) {
        switch service {
        case "kms": (try await readKMS(region), [])
        case "ec2": (try await readEC2(region), [])
        case "cloudtrail": (try await readCloudTrail(region), [])
        case "logs": (try await readLogs(region), [])
        case "sagemaker": (try await readSageMaker(region), [])
        case "bedrock": (try await readBedrock(region), [])
        case "guardduty": (try await readGuardDuty(region), [])
        default: try await readSecurityHub(region)
        }
    }

    // MARK: calls

    /// Sends a request; a non-2xx answer is `refused` with AWS's error code.
    func call(_ request: AWSAPIRequest, xml: Bool = false) async throws(PostureReadError) -> TemplateValue {
        let response = try await transport.send(request)
        guard (200..<300).contains(response.status) else {
            let code = AWSAnswer.errorCode(response.body) ?? "HTTP \(response.status)"
            throw PostureReadError(.refused, "\(request.operation): \(code)")
        }
        guard let value = xml ? AWSAnswer.xml(response.body) : AWSAnswer.json(response.body) else {
            throw PostureReadError(.malformed, "\(request.operation) answered with a body that is not \(xml ? "XML" : "JSON")")
        }
        return value
    }

    /// AWS JSON 1.1 (KMS, CloudTrail, Logs, SageMaker): `X-Amz-Target: PREFIX.Operation`.
    func json(_ service: String, _ target: String, region: String, _ body: [String: TemplateValue] = [:], hostPrefix: String? = nil) async throws(PostureReadError) -> TemplateValue {
        let payload = (try? JSONEncoder().encode(EncodableValue(.object(body)))) ?? Data("{}".utf8)
        return try await call(AWSAPIRequest(service: service, region: region, hostPrefix: hostPrefix, method: "POST", path: "/",
                                            headers: [("content-type", "application/x-amz-json-1.1"), ("x-amz-target", target)], body: Array(payload)))
    }

    /// Every page of a JSON 1.1 list: the items under `items` of each page, following `NextToken` (or `Marker`).
    func jsonPages(_ service: String, _ target: String, region: String, items: String, _ body: [String: TemplateValue] = [:],
                   token: (request: String, response: String) = ("NextToken", "NextToken"), hostPrefix: String? = nil) async throws(PostureReadError) -> [TemplateValue] {
        var out: [TemplateValue] = []
        var request = body
        for _ in 0..<Self.maximumPages {
            let page = try await json(service, target, region: region, request, hostPrefix: hostPrefix)
            out += page[items]?.list ?? []
            guard let next = page[token.response]?.string, !next.isEmpty else { return out }
            request[token.request] = .string(next)
        }
        return out
    }

    /// AWS Query (IAM, EC2, CloudWatch): a form-encoded POST answered in XML.
    func query(_ service: String, _ action: String, version: String, region: String, _ parameters: [(String, String)] = [], hostPrefix: String? = nil) async throws(PostureReadError) -> TemplateValue {
        let form = ([("Action", action), ("Version", version)] + parameters)
            .map { "\(AWSFormEncoding.encode($0.0))=\(AWSFormEncoding.encode($0.1))" }.joined(separator: "&")
        let answer = try await call(AWSAPIRequest(service: service, region: region, hostPrefix: hostPrefix, method: "POST", path: "/",
                                                  headers: [("content-type", "application/x-www-form-urlencoded; charset=utf-8")], body: Array(form.utf8)), xml: true)
        return answer["\(action)Result"] ?? answer
    }

    /// Every page of a Query list, following `Marker` (IAM) or `NextToken` (EC2, CloudWatch).
    func queryPages(_ service: String, _ action: String, version: String, region: String, items: [String], _ parameters: [(String, String)] = []) async throws(PostureReadError) -> [TemplateValue] {
        var out: [TemplateValue] = []
        var marker: (String, String)?
        for _ in 0..<Self.maximumPages {
            let page = try await query(service, action, version: version, region: region, parameters + (marker.map { [$0] } ?? []))
            var list: TemplateValue? = page
            for name in items { list = list?[name] }
            // An empty XML list (`<PolicyNames/>`) reads as an empty string, not as a list of one.
            out += (list?.list ?? []).filter { $0 != .string("") }
            if let next = page["Marker"]?.string, !next.isEmpty, page["IsTruncated"]?.bool == true { marker = ("Marker", next) }
            else if let next = (page["NextToken"] ?? page["nextToken"])?.string, !next.isEmpty { marker = ("NextToken", next) }
            else { return out }
        }
        return out
    }

    /// REST-JSON (Bedrock, GuardDuty, Security Hub).
    func rest(_ service: String, _ method: String, _ path: String, region: String, query: [(name: String, value: String)] = [], body: String? = nil,
              hostPrefix: String? = nil) async throws(PostureReadError) -> TemplateValue {
        try await call(AWSAPIRequest(service: service, region: region, hostPrefix: hostPrefix, method: method, path: path, query: query,
                                     headers: body == nil ? [] : [("content-type", "application/json")], body: Array((body ?? "").utf8)))
    }

    /// A policy document as IAM returns it: URL-encoded JSON text.
    static func policy(_ value: TemplateValue?) -> TemplateValue {
        guard let text = value?.string else { return .null }
        return TemplateValue.string(text.removingPercentEncoding ?? text).parsedIfJSONText
    }

    static func resource(_ type: String, _ name: String, region: String?, arn: String?, _ properties: [String: TemplateValue]) -> DeclaredResource {
        DeclaredResource(type: type, name: name, properties: .object(properties), location: ResourceLocation(file: "aws", region: region), cloudID: arn)
    }
}

/// `application/x-www-form-urlencoded` as AWS Query expects it (RFC 3986 unreserved characters kept).
enum AWSFormEncoding {
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    static func encode(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text }
}

/// A template value written back as JSON (request bodies).
struct EncodableValue: Encodable {
    let value: TemplateValue
    init(_ value: TemplateValue) { self.value = value }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch value {
        case .null, .unknown, .reference: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .number(let number):
            if number == number.rounded(), abs(number) < 1e15 { try container.encode(Int64(number)) } else { try container.encode(number) }
        case .string(let text): try container.encode(text)
        case .array(let items): try container.encode(items.map(EncodableValue.init))
        case .object(let fields): try container.encode(fields.mapValues(EncodableValue.init))
        }
    }
}
