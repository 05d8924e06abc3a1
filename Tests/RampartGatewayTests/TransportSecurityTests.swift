import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTLS
import HummingbirdTesting
import NIOCore
import NIOSSL
import RampartGateway
import HTTPTypes
import Testing

/// Records what the pipeline learned about the transport of each call.
actor TransportLog: RequestStage {
    private(set) var seen: [TransportIdentity] = []
    func record(_ identity: TransportIdentity) { seen.append(identity) }
    nonisolated func apply(to call: inout ModelCall) async throws(GatewayError) { await record(call.transport) }
}

@Suite struct TransportSecurityTests {
    func withTLSGateway(clientCA: Bool, _ body: @Sendable (Int, TestPKI, TransportLog) async throws -> Void) async throws {
        let pki = try TestPKI()
        let log = TransportLog()
        var pipeline = try TestGateway.pipeline([TestGateway.simulator("sim")])
        pipeline.stages.append(log)
        let tls = ListenerTLS(certificateChainPEM: Array(pki.serverPEM.utf8), privateKeyPEM: Array(pki.serverKeyPEM.utf8),
                              clientCAPEM: clientCA ? Array(pki.caPEM.utf8) : nil)
        let app = Application(
            router: GatewayRouter.make(pipeline: pipeline, tls: true), server: try .tls(.http1(), tlsConfiguration: try tls.serverConfiguration()),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: TestGateway.logger)
        try await app.test(.live) { client in try await body(client.port!, pki, log) }
    }

    /// `refused`: the call is expected to fail its handshake, which the client retries until the deadline, so the
    /// deadline is short; a call expected to pass gets time to spare on a busy machine.
    func post(port: Int, tls: TLSConfiguration, refused: Bool = false) async throws -> Int {
        try await Self.post(port: port, tls: tls, headers: TestGateway.auth, timeout: .seconds(refused ? 2 : 20))
    }

    /// Posts a chat call over TLS with the given client configuration; throws when the connection is refused.
    static func post(port: Int, tls: TLSConfiguration, headers: HTTPFields = [:], timeout: TimeAmount = .seconds(2)) async throws -> Int {
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        do {
            var request = HTTPClientRequest(url: "https://localhost:\(port)/v1/chat/completions")
            for field in headers { request.headers.add(name: field.name.canonicalName, value: field.value) }
            request.method = .POST
            request.body = .bytes(TestGateway.chat())
            let response = try await http.execute(request, timeout: timeout)
            _ = try await response.body.collect(upTo: 1 << 20)
            try await http.shutdown()
            return Int(response.status.code)
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    @Test func mutualTLSPassesTheVerifiedClientToThePipeline() async throws {
        try await withTLSGateway(clientCA: true) { (port, pki, log) async throws -> Void in
            #expect(try await post(port: port, tls: pki.client(certificate: true)) == 200)
            let seen = await log.seen
            #expect(seen.count == 1)
            #expect(seen.first?.tlsVersion == "tlsv13")
            #expect(seen.first?.clientCertificateSubject?.contains("CN=billing-service") == true)
        }
    }

    @Test func withoutAClientCertificateTheConnectionIsRefused() async throws {
        try await withTLSGateway(clientCA: true) { (port, pki, log) async throws -> Void in
            await #expect(throws: (any Error).self) { _ = try await post(port: port, tls: pki.client(certificate: false), refused: true) }
            #expect(await log.seen.isEmpty)
        }
    }

    @Test func tls12IsRefusedByDefault() async throws {
        try await withTLSGateway(clientCA: false) { (port, pki, log) async throws -> Void in
            await #expect(throws: (any Error).self) { _ = try await post(port: port, tls: pki.client(certificate: false, maximumVersion: .tlsv12), refused: true) }
            #expect(try await post(port: port, tls: pki.client(certificate: false)) == 200)
            #expect(await log.seen.first?.clientCertificateSubject == nil)
        }
    }
}

/// Upstream calls verify certificates; a private CA is trusted only when configured.
@Suite struct UpstreamTrustTests {
    @Test func aPrivateCAIsTrustedOnlyWhenConfigured() async throws {
        let pki = try TestPKI()
        let inner = try TestGateway.pipeline([TestGateway.simulator("inner")])
        let tls = ListenerTLS(certificateChainPEM: Array(pki.serverPEM.utf8), privateKeyPEM: Array(pki.serverKeyPEM.utf8))
        let upstream = Application(
            router: GatewayRouter.make(pipeline: inner, tls: true), server: try .tls(.http1(), tlsConfiguration: try tls.serverConfiguration()),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: TestGateway.logger)
        try await upstream.test(.live) { innerClient in
            let url = "https://localhost:\(innerClient.port!)/v1"
            let trusting = try UpstreamClient.make(caBundlePEM: Array(pki.caPEM.utf8))
            var statuses: [HTTPResponse.Status] = []
            for client in [trusting, TestGateway.client] {
                let front = TestGateway.application(try TestGateway.pipeline([TestGateway.upstream("outer", url: url, apiKey: TestGateway.apiKey)], client: client))
                statuses.append(try await front.test(.router) { client in
                    try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat()).status
                })
            }
            try await trusting.shutdown()
            // Trusted through the configured CA; refused by the system's trust store (the certificate is verified).
            #expect(statuses == [.ok, .badGateway])
        }
    }
}
