import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import RampartGateway
import Testing

@Suite struct HostileClientTests {
    @Test func aClientThatLeavesMidStreamCancelsTheUpstreamCall() async throws {
        let state = FaultyUpstreamState()
        try await FaultyUpstream.application(state).test(.live) { upstream in
            let url = "http://127.0.0.1:\(upstream.port!)/v1"
            let metrics = GatewayMetrics()
            let front = TestGateway.application(try TestGateway.pipeline([TestGateway.upstream("slow", url: url, model: "slowstream")], metrics: metrics))
            try await front.test(.live) { client in
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(client.port!)/v1/chat/completions")
                request.headers.add(name: "authorization", value: "Bearer \(TestGateway.apiKey)")
                request.method = .POST
                request.body = .bytes(TestGateway.chat(stream: true))
                let response = try await TestGateway.client.execute(request, timeout: .seconds(10))
                var received = 0
                for try await part in response.body {
                    received += part.readableBytes
                    if String(buffer: part).contains("part ") { break }  // leave after the first real chunk
                }
                #expect(received > 0)
                var abandoned = 0
                // Up to 10 s: a gateway that did not hang up lets the 5 s stream finish, which is not an abandonment,
                // so waiting longer on a busy machine cannot turn a failure into a pass.
                for _ in 0..<100 where abandoned == 0 {
                    try await Task.sleep(for: .milliseconds(100))
                    abandoned = await state.abandoned
                }
                #expect(abandoned == 1)  // the upstream saw the gateway hang up, well before its 5 s stream ended
                // The client left; the deployment did nothing wrong, so it counts no upstream error against it.
                #expect(!metrics.text().contains("rampart_upstream_errors_total"))
            }
        }
    }

    @Test func a100MegabyteBodyIsRefusedQuicklyAndOthersAreStillServed() async throws {
        let app = TestGateway.application(try TestGateway.pipeline([TestGateway.simulator("sim")]), maximumBodyBytes: 1 << 20)
        try await app.test(.live) { (client) async throws -> Void in
            let url = "http://127.0.0.1:\(client.port!)/v1/chat/completions"
            var request = HTTPClientRequest(url: url)
            request.headers.add(name: "authorization", value: "Bearer \(TestGateway.apiKey)")
            request.method = .POST
            let chunk = ByteBuffer(repeating: UInt8(ascii: "a"), count: 1 << 20)
            let chunks = AsyncStream<ByteBuffer> { continuation in
                for _ in 0..<100 { continuation.yield(chunk) }
                continuation.finish()
            }
            request.body = .stream(chunks, length: .known(Int64(100 << 20)))
            let started = ContinuousClock.now
            // A client of its own: a connection left mid-upload must not hold up the shared client's next request,
            // which is about the server still serving, not about this client's pool.
            let uploader = HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                let response = try await uploader.execute(request, timeout: .seconds(20))
                #expect(response.status.code == 413)
                #expect(TestGateway.errorCode(try await response.body.collect(upTo: 1 << 16)) == "body_too_large")
            } catch {
                // The gateway may close the connection while the client is still sending: also a refusal.
            }
            #expect(ContinuousClock.now - started < .seconds(10))
            try? await uploader.shutdown()
            var normal = HTTPClientRequest(url: url)
            normal.headers.add(name: "authorization", value: "Bearer \(TestGateway.apiKey)")
            normal.method = .POST
            normal.body = .bytes(TestGateway.chat())
            let served = try await TestGateway.client.execute(normal, timeout: .seconds(15))
            #expect(served.status == .ok)
        }
    }
}
