import Foundation
import HTTPTypes
public import Hummingbird
public import Logging
import NIOCore

/// Records every request to the API and the admin API (health, readiness and metrics aside) before its answer is
/// complete. A whole answer waits for its record; a streamed one holds back its last piece until the record is
/// durable. When the record cannot be made the answer is withheld: 503 `audit_unavailable`, or an error event in
/// place of the stream's end.
public struct AuditMiddleware: RouterMiddleware {
    public typealias Context = GatewayContext
    let recorder: any CallRecorder
    let logger: Logger
    /// Proxies whose `X-Forwarded-For` names the client's network.
    let trustedProxies: [NetworkRange]

    public init(recorder: any CallRecorder, logger: Logger, trustedProxies: [NetworkRange] = []) {
        self.recorder = recorder
        self.logger = logger
        self.trustedProxies = trustedProxies
    }

    static let forwardedFor = HTTPField.Name("x-forwarded-for")!

    static let unavailable = GatewayError(status: 503, type: "server_error", code: "audit_unavailable",
                                          message: "the call could not be recorded in the audit log, so its answer is withheld; try again", retryAfter: 1)

    public func handle(_ request: Request, context: GatewayContext, next: (Request, GatewayContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if AuthenticationMiddleware.open.contains(path) { return try await next(request, context) }
        let started = Date()
        let clock = ContinuousClock.now
        let trail = context.trail
        let network = ClientNetwork.of(peer: context.channel.remoteAddress, forwardedFor: request.headers[values: Self.forwardedFor],
                                       trusted: trustedProxies)
        trail.update { $0.network = network }
        let recorder = self.recorder, logger = self.logger, requestID = context.requestID, method = request.method.rawValue
        @Sendable func record(status: Int, code: String?) async -> Bool {
            guard trail.claimRecording() else { return true }
            let call = RecordedCall(requestID: requestID, method: method, path: path, status: status, errorCode: code, started: started,
                                    latency: ContinuousClock.now - clock, facts: trail.snapshot)
            do {
                try await recorder.record(call)
                return true
            } catch {
                logger.error("audit record failed; answer withheld", metadata: ["request_id": "\(requestID)", "error": "\(type(of: error))"])
                return false
            }
        }
        let response: Response
        do {
            response = try await next(request, context)
        } catch let error as GatewayError {
            guard await record(status: error.status, code: error.code) else { throw Self.unavailable }
            throw error
        } catch let error as HTTPError {
            guard await record(status: Int(error.status.code), code: nil) else { throw Self.unavailable }
            throw error
        } catch {
            guard await record(status: 500, code: "internal_error") else { throw Self.unavailable }
            throw error
        }
        guard trail.snapshot.streamed else {
            guard await record(status: Int(response.status.code), code: nil) else { throw Self.unavailable }
            return response
        }
        // A stream: recorded when it ends, before its last piece goes out, or when the client goes away.
        var streamed = response
        let body = response.body
        let anthropic = path == "/v1/messages"
        streamed.body = ResponseBody { writer in
            let holding = HoldingBackWriter(parent: writer, held: nil) {
                let failure = trail.snapshot.streamFailure
                guard await record(status: 200, code: failure) else {
                    return anthropic ? OpenAIResponses.event(AnthropicMessages.error(Self.unavailable), name: "error")
                        : OpenAIResponses.event(Self.unavailable.body)
                }
                return nil
            }
            do {
                try await body.write(holding)
            } catch {
                _ = await record(status: 499, code: "client_closed")
                throw error
            }
        }
        return streamed
    }
}
