import AsyncHTTPClient
import Foundation
import NIOCore
import RampartAudit
import RampartGateway

/// OCSF events POSTed as one JSON array per batch; any 2xx answer takes the batch.
struct HTTPExportSink: ExportSink {
    let url: String
    let token: String?
    let client: ServiceClient

    func send(_ events: [CanonicalJSON]) async throws {
        guard !events.isEmpty else { return }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "user-agent", value: "rampart-audit-export")
        if let token { request.headers.add(name: "authorization", value: "Bearer \(token)") }
        request.body = .bytes(ByteBuffer(bytes: CanonicalJSON.array(events).encoded))
        let response = try await client.execute(request, timeout: .seconds(30))
        _ = try? await response.body.collect(upTo: 64 << 10)
        guard (200..<300).contains(response.status.code) else {
            throw ExportError(description: "\(url) answered \(response.status.code)")
        }
    }
}
