import AsyncHTTPClient
import Foundation
import NIOCore

/// The HTTP exchange every provider over AsyncHTTPClient shares: the deployment's deadline, any status but 200 as an
/// `UpstreamError` with its `Retry-After`, bounded bodies, and a streamed body turned into chunks by a decoder for
/// the provider's framing.
struct UpstreamHTTP: Sendable {
    let client: HTTPClient
    /// Pinned clients for upstreams named by host name (nil: every call goes through `client`).
    var pins: PinnedUpstreamClients?
    /// The most an upstream's whole (non-streamed) answer may be.
    static let maximumResponseBytes = 16 << 20

    /// Sends `http` within the deployment's time limit.
    func send(_ http: HTTPClientRequest, deployment: Deployment) async throws -> HTTPClientResponse {
        var client = self.client
        if let pins, let host = PinnedUpstreamClients.host(of: http.url) {
            do { client = try await pins.client(host: host, allowPrivate: deployment.allowPrivateNetwork) } catch {
                throw UpstreamError(.connect, "\(deployment.name): \(error.detail)")
            }
        }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(http, timeout: .nanoseconds(Int64(deployment.totalTimeout.components.seconds * 1_000_000_000)))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .connectTimeout || error == .readTimeout {
            throw UpstreamError(.timeout, "\(deployment.name): \(error)")
        } catch {
            throw UpstreamError(.connect, "\(deployment.name): \(error)")
        }
        guard response.status.code == 200 else {
            let detail = (try? await response.body.collect(upTo: 4096)).map { String(buffer: $0) } ?? ""
            let retryAfter = response.headers.first(name: "retry-after").flatMap(Int.init).map { Duration.seconds(max(0, $0)) }
            throw UpstreamError(.status, status: Int(response.status.code), "\(deployment.name) answered \(response.status.code): \(detail.prefix(300))",
                                retryAfter: retryAfter)
        }
        return response
    }

    /// The whole body of a 200 answer as JSON.
    func json(_ response: HTTPClientResponse, deployment: Deployment) async throws -> JSONValue {
        let buffer: ByteBuffer
        do {
            buffer = try await response.body.collect(upTo: Self.maximumResponseBytes)
        } catch {
            throw UpstreamError(.malformed, "\(deployment.name): the answer was cut or too large")
        }
        guard let json = try? JSONValue(parsing: buffer.readableBytesView), case .object = json else {
            throw UpstreamError(.malformed, "\(deployment.name): the answer is not a JSON object")
        }
        return json
    }

    /// The whole body of a 200 answer, translated from JSON; a translation error names the deployment.
    func answer<T>(_ response: HTTPClientResponse, deployment: Deployment, _ translate: (JSONValue) throws -> T) async throws -> T {
        let json = try await json(response, deployment: deployment)
        do {
            return try translate(json)
        } catch var error as UpstreamError {
            error.detail = "\(deployment.name): \(error.detail)"
            throw error
        }
    }

    /// The chunks of a streamed answer. A body that ends before the decoder has seen the upstream's own end of the
    /// answer is an error, as is any framing fault; ending the stream early cancels the upstream call.
    func chunks<Decoder: UpstreamStreamDecoder>(of response: HTTPClientResponse, decoder: Decoder, deployment name: String)
        -> AsyncThrowingStream<UpstreamChunk, any Error>
    {
        AsyncThrowingStream { continuation in
            let task = Task {
                var decoder = decoder
                do {
                    for try await buffer in response.body {
                        for chunk in try decoder.feed(buffer) { continuation.yield(chunk) }
                        if decoder.isComplete && decoder.endsAtCompletion { break }
                    }
                    guard decoder.isComplete else { throw UpstreamError(.malformed, "\(name): the stream ended before the answer did") }
                    continuation.finish()
                } catch var error as UpstreamError {
                    if !error.detail.hasPrefix(name) { error.detail = "\(name): \(error.detail)" }
                    continuation.finish(throwing: error)
                } catch is SSEParser.TooLarge {
                    continuation.finish(throwing: UpstreamError(.malformed, "\(name): an event is larger than allowed"))
                } catch let error as EventStreamFault {
                    continuation.finish(throwing: UpstreamError(.malformed, "\(name): \(error.detail)"))
                } catch {
                    continuation.finish(throwing: UpstreamError(.connect, "\(name): the stream broke: \(error)"))
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

/// Reads one provider's stream framing into chunks.
protocol UpstreamStreamDecoder: Sendable {
    /// The chunks `bytes` complete. Throws `UpstreamError` for an error the upstream reported in the stream.
    mutating func feed(_ bytes: ByteBuffer) throws -> [UpstreamChunk]
    /// Whether the upstream has said its answer is whole.
    var isComplete: Bool { get }
    /// Whether nothing that matters follows the completion (so the relay may stop reading there).
    var endsAtCompletion: Bool { get }
}

/// A framing fault in an event stream, carried out of a decoder.
struct EventStreamFault: Error {
    var detail: String
}
