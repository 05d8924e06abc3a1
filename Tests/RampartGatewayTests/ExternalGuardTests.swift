import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import RampartCore
import RampartGateway
import Testing

/// External guards: a verdict to block is followed; a guard that fails or is too slow is handled as configured.
@Suite struct ExternalGuardTests {
    /// A test double for a remote guard service (no cloud guardrail can run here): blocks text containing "forbidden",
    /// answers after 8 s for text containing "slow", and malformed for "broken".
    static func guardService() -> some ApplicationProtocol {
        let router = Router()
        router.post("/check") { request, _ -> Response in
            let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
            if body.contains("slow") { try await Task.sleep(for: .seconds(8)) }
            let answer = body.contains("forbidden") ? #"{"action":"block","reason":"policy 7"}"# : body.contains("broken") ? "nope" : #"{"action":"allow"}"#
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: answer)))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: TestGateway.logger)
    }

    static func gateway(port: Int, failure: ExternalGuardStage.FailureMode, host: String = "127.0.0.1",
                        pins: PinnedUpstreamClients? = nil) throws -> some ApplicationProtocol {
        var pipeline = try TestGateway.pipeline([TestGateway.simulator("sim")])
        pipeline.stages.append(ExternalGuardStage(
            guardService: HTTPExternalGuard(name: "corp-guard", url: "http://\(host):\(port)/check", apiKey: nil, client: ServiceClient(pins: pins ?? TestGateway.pins)),
            // Generous for a busy test machine (1 s failed once under load); the slow answer takes almost three times as long.
            workloads: [], timeout: .seconds(3), failure: failure, logger: TestGateway.logger))
        return TestGateway.application(pipeline)
    }

    static func status(_ app: some ApplicationProtocol, _ text: String) async throws -> (Int, String) {
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat(text))
            return (Int(response.status.code), String(buffer: response.body))
        }
    }

    @Test func verdictsAndFailuresAreHandledAsConfigured() async throws {
        try await Self.guardService().test(.live) { remote in
            let closed = try Self.gateway(port: remote.port!, failure: .closed)
            let open = try Self.gateway(port: remote.port!, failure: .open)
            #expect(try await Self.status(closed, "hello").0 == 200)
            let blocked = try await Self.status(closed, "this is forbidden")
            #expect(blocked.0 == 400 && blocked.1.contains("corp-guard") && blocked.1.contains("policy 7"))
            #expect(try await Self.status(open, "this is forbidden").0 == 400)
            let slowClosed = try await Self.status(closed, "slow please")
            #expect(slowClosed.0 == 503 && slowClosed.1.contains("guard_unavailable"))
            #expect(try await Self.status(open, "slow please").0 == 200)
            #expect(try await Self.status(closed, "broken answer").0 == 503)
            #expect(try await Self.status(open, "broken answer").0 == 200)
        }
    }

    /// The guard is sent the prompt: a guard name that comes to resolve to the metadata service is not called there.
    @Test func aGuardNamedByHostIsCalledOnlyAtACheckedAddress() async throws {
        try await Self.guardService().test(.live) { remote in
            let names = DNSRebindingTests.Names(), clock = DNSRebindingTests.Clock()
            let pins = try DNSRebindingTests.pins(names, clock)
            names.set("guard.rampart.test", ["127.0.0.1"])
            let closed = try Self.gateway(port: remote.port!, failure: .closed, host: "guard.rampart.test", pins: pins)
            // Through the pin (no DNS answers .test names): the guard's verdict is followed.
            #expect(try await Self.status(closed, "hello").0 == 200)
            #expect(try await Self.status(closed, "this is forbidden").0 == 400)
            names.set("guard.rampart.test", ["169.254.169.254"])
            clock.advance(.seconds(61))
            let refused = try await Self.status(closed, "hello")
            #expect(refused.0 == 503 && refused.1.contains("guard_unavailable"))
            #expect(pins.pinnedAddress("guard.rampart.test") == "127.0.0.1")
            await pins.shutdown()
        }
    }

    @Test func theFailureModeMustBeChosen() {
        #expect(throws: InputErrors.self) {
            try RampartConfigurationProbe.load("gateway:\n  guards: [{name: g, url: 'https://guard.example.com/check'}]\n")
        }
    }
}
