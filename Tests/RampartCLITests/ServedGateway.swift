import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import RampartAudit
import RampartStorage
import RampartTestSupport

/// `rampart serve` on the workspace, with a client for it: the gateway as the end-to-end tests drive it.
struct ServedGateway {
    let process: BackgroundProcess
    let base: String
    let client: HTTPClient

    static func start(_ workspace: CLIWorkspace, environment: [String: String] = [:]) async throws -> ServedGateway {
        let process = try await BackgroundProcess.start(CLI.binary, ["serve"] + workspace.state, environment: environment)
        guard let base = process.firstLine.split(separator: " ").last.map(String.init), base.hasPrefix("http") else {
            process.stop()
            throw CLIWorkspace.SetupFailed(description: "rampart serve did not start: \(process.firstLine)")
        }
        return ServedGateway(process: process, base: base, client: HTTPClient(eventLoopGroupProvider: .singleton))
    }

    /// Posts a chat call of one user message; returns the status and the body.
    @discardableResult
    func chat(_ bearer: String, _ prompt: String, model: String, user: String? = nil) async throws -> (status: Int, body: String) {
        var fields: [String: Any] = ["model": model, "messages": [["role": "user", "content": prompt]]]
        if let user { fields["user"] = user }
        return try await send("/v1/chat/completions", bearer: bearer, body: try JSONSerialization.data(withJSONObject: fields))
    }

    /// Sends a request (a POST when there is a body); returns the status and the body.
    func send(_ path: String, bearer: String, body: Data? = nil, headers: [(String, String)] = []) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: base + path)
        request.method = body == nil ? .GET : .POST
        request.headers.add(name: "authorization", value: "Bearer \(bearer)")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(data: body)) }
        let response = try await client.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: bytes))
    }

    func stop() {
        process.stop()
        try? client.syncShutdown()
    }
}

extension CLIWorkspace {
    /// The audit log's events, in order, as JSON objects (the clear part of each entry).
    func auditEvents() async throws -> [[String: Any]] {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let records = try await Database.open(.sqlite(path: database), logger: logger).closing { database in
            try await AuditStore(database: database).entries(after: -1, limit: 100_000).compactMap(\.record)
        }
        return try records.map { record in
            guard let entry = AuditEntry(record: record), let event = try JSONSerialization.jsonObject(with: Data(entry.event)) as? [String: Any] else {
                throw SetupFailed(description: "an audit record does not read")
            }
            return event
        }
    }
}
