import AsyncHTTPClient
import Foundation
public import Logging
import NIOCore
import RampartCore

/// What a remote guard service said about a call.
public struct ExternalVerdict: Sendable, Hashable {
    public var blocked: Bool
    public var reason: String

    public init(blocked: Bool, reason: String = "") {
        self.blocked = blocked
        self.reason = reason
    }
}

/// A guard service outside Rampart (a cloud provider's guardrail API, a company's own classifier) asked about each
/// call of the workloads it covers.
public protocol ExternalGuard: Sendable {
    var name: String { get }
    func check(_ text: String, call: ModelCall) async throws -> ExternalVerdict
}

/// Asks an external guard, within a timeout, and refuses the call when it says so. When the guard fails or is too
/// slow, the configured choice decides: fail closed (refuse, 503) or fail open (let the call through, logged).
public struct ExternalGuardStage: RequestStage {
    public enum FailureMode: String, Sendable, Hashable, Decodable, CaseIterable {
        case open, closed

        public init(from decoder: any Decoder) throws { self = try decodeClosedEnum(Self.self, from: decoder) }
    }

    public var guardService: any ExternalGuard
    /// The workloads it covers; empty: all.
    public var workloads: Set<String>
    public var timeout: Duration
    public var failure: FailureMode
    public var logger: Logger

    public init(guardService: any ExternalGuard, workloads: Set<String>, timeout: Duration, failure: FailureMode, logger: Logger) {
        self.guardService = guardService
        self.workloads = workloads
        self.timeout = timeout
        self.failure = failure
        self.logger = logger
    }

    struct TimedOut: Error {}

    public func apply(to call: inout ModelCall) async throws(GatewayError) {
        guard workloads.isEmpty || workloads.contains(call.route.workload.name) else { return }
        let service = guardService, text = call.chat.promptText, snapshot = call, timeout = self.timeout
        let verdict: ExternalVerdict
        do {
            verdict = try await withThrowingTaskGroup(of: ExternalVerdict.self) { group in
                group.addTask { try await service.check(text, call: snapshot) }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw TimedOut()
                }
                defer { group.cancelAll() }
                return try await group.next()!
            }
        } catch {
            logger.warning("external guard failed", metadata: [
                "request_id": "\(call.requestID)", "guard": "\(service.name)", "failure_mode": "\(failure.rawValue)",
                "error": "\(error is TimedOut ? "timeout" : String(describing: type(of: error)))",
            ])
            if failure == .open { return }
            throw GatewayError(status: 503, type: "server_error", code: "guard_unavailable",
                               message: "the guard '\(service.name)' could not check the request; try again", retryAfter: 1)
        }
        if verdict.blocked {
            throw GatewayError(status: 400, type: "invalid_request_error", code: "content_blocked",
                               message: "the request was refused by the guard '\(service.name)'\(verdict.reason.isEmpty ? "" : ": \(verdict.reason.prefix(200))")")
        }
    }
}

/// A guard reached over HTTP: `POST url` with `{"text", "workload", "scope", "request_id"}`, answering
/// `{"action": "allow" | "block", "reason": "..."}`; anything else is a failure (and the stage's failure mode applies).
///
/// The guard is sent the prompt's text, so it is called through a `ServiceClient`: a guard named by host name only at
/// an address checked as upstreams' are (private networks allowed, where guards usually run; never the metadata service).
public struct HTTPExternalGuard: ExternalGuard {
    public var name: String
    public var url: String
    public var apiKey: String?
    public var client: ServiceClient

    public init(name: String, url: String, apiKey: String?, client: ServiceClient) {
        self.name = name
        self.url = url
        self.apiKey = apiKey
        self.client = client
    }

    struct Answer: Decodable {
        var action: String
        var reason: String?
    }

    struct Malformed: Error {}

    public func check(_ text: String, call: ModelCall) async throws -> ExternalVerdict {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        if let apiKey { request.headers.add(name: "authorization", value: "Bearer \(apiKey)") }
        let body: JSONValue = .object([
            "text": .string(text), "workload": .string(call.route.workload.name),
            "scope": .number(Double(call.route.workload.scope.number)), "request_id": .string(call.requestID),
        ])
        request.body = .bytes(ByteBuffer(bytes: body.jsonBytes))
        let response = try await client.execute(request, timeout: .seconds(30))
        guard response.status == .ok else { throw Malformed() }
        let answer = try JSONDecoder().decode(Answer.self, from: Data(buffer: try await response.body.collect(upTo: 65_536)))
        switch answer.action {
        case "allow": return ExternalVerdict(blocked: false)
        case "block": return ExternalVerdict(blocked: true, reason: answer.reason ?? "")
        default: throw Malformed()
        }
    }
}
