import Foundation
import RampartPosture

/// A test double for AWS: replays recorded answers (Fixtures/recorded/account.json) for the calls moto cannot
/// answer as AWS does. A request is looked up as `REGION|KEY`, then `KEY`, where KEY is the JSON target with the
/// id it names (`TrentService.GetKeyRotationStatus#k-90`), the Query action (`sts:GetCallerIdentity`), or the REST
/// method and path (`bedrock GET /custom-models`). Unrecorded calls get an empty answer: no resources.
struct RecordedAWSTransport: AWSTransport {
    let responses: [String: (status: Int, body: [UInt8])]
    let account: String
    let regions: [String]

    static let idKeys = ["KeyId", "ModelName", "NotebookInstanceName", "EndpointConfigName", "DomainId", "TrainingJobName", "ProcessingJobName", "Name"]

    init(fixture: String = "recorded/account.json") throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: PostureFixtures.path(fixture)))
        let document = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        var responses: [String: (Int, [UInt8])] = [:]
        for (key, value) in document["responses"] as? [String: [String: Any]] ?? [:] {
            let body: [UInt8] = if let text = value["body"] as? String { Array(text.utf8) } else {
                Array(try JSONSerialization.data(withJSONObject: value["body"] ?? [:], options: [.sortedKeys]))
            }
            responses[key] = (value["status"] as? Int ?? 200, body)
        }
        self.responses = responses
        account = document["account"] as? String ?? ""
        regions = document["regions"] as? [String] ?? []
    }

    func send(_ request: AWSAPIRequest) async throws(PostureReadError) -> AWSAPIResponse {
        let key = Self.key(request)
        if let answer = responses["\(request.region)|\(key)"] ?? responses[key] { return AWSAPIResponse(status: answer.status, body: answer.body) }
        let xml = request.headers.contains { $0.value.hasPrefix("application/x-www-form-urlencoded") } || request.service == "s3"
        return AWSAPIResponse(status: 200, body: Array((xml ? "<Empty/>" : "{}").utf8))
    }

    static func key(_ request: AWSAPIRequest) -> String {
        if let target = request.headers.first(where: { $0.name == "x-amz-target" })?.value {
            let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
            let id = idKeys.lazy.compactMap { body[$0] as? String }.first
            return target + (id.map { "#\($0)" } ?? "")
        }
        let form = String(decoding: request.body, as: UTF8.self)
        if form.hasPrefix("Action=") { return "\(request.service):\(form.dropFirst(7).prefix { $0 != "&" })" }
        return "\(request.service) \(request.method) \(request.path)"
    }
}
