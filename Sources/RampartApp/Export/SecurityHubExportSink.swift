import AsyncHTTPClient
import Foundation
import NIOCore
import RampartAWS
import RampartAudit
import RampartGateway

/// Findings as ASFF to Security Hub CSPM's `BatchImportFindings` (`POST /findings/import`), at most 100 a call,
/// signed with SigV4; other events are left out. A finding Security Hub refuses fails the batch, naming it.
struct SecurityHubExportSink: ExportSink {
    let target: ASFF.Target
    /// `https://securityhub.REGION.amazonaws.com`, or another endpoint.
    let endpoint: URL
    /// Asked for before each call, so temporary credentials are renewed.
    let credentials: AWSCredentialSource
    let client: ServiceClient
    let now: @Sendable () -> Date

    func send(_ events: [CanonicalJSON]) async throws {
        for batch in ASFF.batches(events, target: target) {
            let signing: AWSCredentials
            do { signing = try await credentials.credentials() } catch {
                throw ExportError(description: "no AWS credentials from \(credentials): \(error)")
            }
            let body = CanonicalJSON.object(["Findings": .array(batch)]).encoded
            let host = SigV4Request.host(endpoint.host ?? "", port: endpoint.port)
            let headers = [("content-type", "application/json")]
            let signed = SigV4Signer(service: "securityhub", region: target.region).sign(
                SigV4Request(method: "POST", host: host, path: "/findings/import", headers: headers, body: body), credentials: signing, at: now())
            var request = HTTPClientRequest(url: "\(endpoint.scheme ?? "https")://\(host)/findings/import")
            request.method = .POST
            for (name, value) in headers + signed.headers { request.headers.add(name: name, value: value) }
            request.body = .bytes(ByteBuffer(bytes: body))
            let response = try await client.execute(request, timeout: .seconds(30))
            let answer = try await response.body.collect(upTo: 1 << 20)
            let json = (try? JSONSerialization.jsonObject(with: Data(answer.readableBytesView))) as? [String: Any] ?? [:]
            guard response.status.code == 200 else {
                throw ExportError(description: "Security Hub answered \(response.status.code): \(json["message"] ?? json["Message"] ?? "")")
            }
            if let failed = json["FailedCount"] as? Int, failed > 0 {
                let first = (json["FailedFindings"] as? [[String: Any]])?.first
                throw ExportError(description: "Security Hub refused \(failed) finding(s), first \(first?["Id"] ?? "?"): \(first?["ErrorMessage"] ?? "")")
            }
        }
    }
}
