import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RampartGateway
import Synchronization
import Testing

/// Upstreams named by host name are called at an address checked when the name was resolved, and checked again once
/// the pin is old: a name that comes to resolve to the metadata service or a private network (DNS rebinding) is
/// never called there. The names end in `.test`, which no DNS answers: a call that arrives went through the pin.
@Suite struct DNSRebindingTests {
    /// What the names resolve to, as a test sets it, and how often they were resolved.
    final class Names: Sendable {
        private let answers = Mutex<[String: [String]]>([:])
        private let lookups = Mutex(0)

        func set(_ host: String, _ addresses: [String]) { answers.withLock { $0[host] = addresses } }
        var count: Int { lookups.withLock { $0 } }

        var resolver: PinnedUpstreamClients.Resolver {
            { host in
                self.lookups.withLock { $0 += 1 }
                return self.answers.withLock { $0[host] ?? [] }
            }
        }
    }

    /// A clock the test moves.
    final class Clock: Sendable {
        private let instant = Mutex(ContinuousClock.now)
        func advance(_ duration: Duration) { instant.withLock { $0 += duration } }
        var now: @Sendable () -> ContinuousClock.Instant { { self.instant.withLock { $0 } } }
    }

    static func pins(_ names: Names, _ clock: Clock) throws -> PinnedUpstreamClients {
        PinnedUpstreamClients(shared: TestGateway.client, configuration: try UpstreamClient.configuration(), refreshAfter: .seconds(60),
                              retireAfter: .seconds(1), now: clock.now, resolve: names.resolver)
    }

    /// An address literal is not resolved or pinned, but held to the same rules at every call.
    @Test func anAddressLiteralIsCheckedAtEveryCall() async throws {
        let names = Names(), clock = Clock()
        let pins = try Self.pins(names, clock)
        #expect(try await pins.client(host: "10.0.0.7", allowPrivate: true) === TestGateway.client)
        await #expect(throws: UpstreamError.self) { try await pins.client(host: "10.0.0.7", allowPrivate: false) }
        await #expect(throws: UpstreamError.self) { try await pins.client(host: "169.254.169.254", allowPrivate: true) }
        #expect(try await pins.client(host: "127.0.0.1", allowPrivate: false) === TestGateway.client)
        #expect(names.count == 0)
    }

    @Test func aNameIsPinnedCheckedAgainWhenOldAndMovedOnlyToAllowedAddresses() async throws {
        let names = Names(), clock = Clock()
        let pins = try Self.pins(names, clock)
        names.set("api.rampart.test", ["203.0.113.7", "203.0.113.8"])
        let first = try await pins.client(host: "api.rampart.test", allowPrivate: false)
        #expect(pins.pinnedAddress("api.rampart.test") == "203.0.113.7")
        // Within the refresh period the pin is used as it is: no lookup.
        #expect(try await pins.client(host: "api.rampart.test", allowPrivate: false) === first)
        #expect(names.count == 1)
        // Round-robin DNS: the pinned address is still among the answers, so the pin and its connections stay.
        names.set("api.rampart.test", ["203.0.113.8", "203.0.113.7"])
        clock.advance(.seconds(61))
        #expect(try await pins.client(host: "api.rampart.test", allowPrivate: false) === first)
        #expect(names.count == 2)
        // Moved to another public address: a new client pinned there.
        names.set("api.rampart.test", ["198.51.100.20"])
        clock.advance(.seconds(61))
        let moved = try await pins.client(host: "api.rampart.test", allowPrivate: false)
        #expect(moved !== first && pins.pinnedAddress("api.rampart.test") == "198.51.100.20")
        // Rebinding to refused addresses fails the call, whatever the pin was.
        for (addresses, allowPrivate, refused) in [(["169.254.169.254"], true, true), (["10.0.0.5"], false, true), (["198.51.100.20", "10.0.0.5"], false, true),
                                                   (["0.0.0.0"], true, true), ([], false, true), (["10.0.0.5"], true, false)] {
            names.set("api.rampart.test", addresses)
            clock.advance(.seconds(61))
            do {
                _ = try await pins.client(host: "api.rampart.test", allowPrivate: allowPrivate)
                #expect(!refused, "\(addresses) was allowed")
            } catch {
                #expect(refused, "\(addresses): \(error.detail)")
            }
        }
        #expect(pins.pinnedAddress("api.rampart.test") == "10.0.0.5")
        // Pinned for a deployment that allows private addresses; another that does not may not use the pin.
        await #expect(throws: UpstreamError.self) { _ = try await pins.client(host: "api.rampart.test", allowPrivate: false) }
        _ = try await pins.client(host: "api.rampart.test", allowPrivate: true)
        // An address literal was checked with the configuration: the shared client, no lookup.
        let before = names.count
        #expect(try await pins.client(host: "127.0.0.1", allowPrivate: false) === TestGateway.client)
        #expect(names.count == before)
        await pins.shutdown()
        await #expect(throws: UpstreamError.self) { _ = try await pins.client(host: "api.rampart.test", allowPrivate: true) }
    }

    /// AsyncHTTPClient's override matches the host as the URL spells it: a URL in capitals is pinned too.
    @Test(arguments: ["upstream.rampart.test", "UPSTREAM.Rampart.Test"])
    func aHostIsPinnedAsTheURLSpellsIt(_ spelled: String) async throws {
        try await FaultyUpstream.application(FaultyUpstreamState()).test(.live) { upstream in
            let names = Names(), clock = Clock()
            let pins = try Self.pins(names, clock)
            names.set(spelled, ["127.0.0.1"])
            let deployment = TestGateway.upstream("named", url: "http://\(spelled):\(upstream.port!)/v1")
            let pipeline = try TestGateway.pipeline([deployment], pins: pins)
            try await TestGateway.application(pipeline).test(.router) { client in
                try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat()) { response in
                    #expect(response.status == .ok, "\(String(buffer: response.body))")
                }
            }
            #expect(pins.pinnedAddress(spelled) == "127.0.0.1")
            await pins.shutdown()
        }
    }

    @Test func callsGoToThePinnedAddressAndNeverToARebinding() async throws {
        let state = FaultyUpstreamState()
        try await FaultyUpstream.application(state).test(.live) { upstream in
            let names = Names(), clock = Clock()
            let pins = try Self.pins(names, clock)
            names.set("upstream.rampart.test", ["127.0.0.1"])
            let deployment = TestGateway.upstream("named", url: "http://upstream.rampart.test:\(upstream.port!)/v1")
            let pipeline = try TestGateway.pipeline([deployment, TestGateway.simulator("sim")], pins: pins)
            try await TestGateway.application(pipeline).test(.router) { client in
                try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat()) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[HTTPField.Name("x-rampart-upstream")!] == "named")
                }
                #expect(await state.count("assistant") == 1)
                // The name now answers with the cloud metadata address: the call never goes there; the next
                // deployment in the chain answers.
                names.set("upstream.rampart.test", ["169.254.169.254"])
                clock.advance(.seconds(61))
                try await client.execute(uri: "/v1/chat/completions", method: .post, headers: TestGateway.auth, body: TestGateway.chat()) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[HTTPField.Name("x-rampart-upstream")!] == "sim")
                }
                #expect(await state.count("assistant") == 1)
                // Refused, not merely unreachable: the name was looked up again (once per attempt) and its pin did not move there.
                #expect(names.count >= 2 && pins.pinnedAddress("upstream.rampart.test") == "127.0.0.1", "\(names.count) lookups")
            }
            await pins.shutdown()
        }
    }
}
