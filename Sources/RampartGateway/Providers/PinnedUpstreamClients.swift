public import AsyncHTTPClient
import Foundation
import NIOPosix
import Synchronization

/// The HTTP clients upstream calls go through when their host is a name: one client per name, pinned with
/// AsyncHTTPClient's `dnsOverride` to an address that passed `UpstreamAddressPolicy` when the name was resolved (the
/// certificate is still verified against the name, which is also what SNI sends). A pin older than `refreshAfter` is
/// resolved and checked again before the next call: a name that now resolves to a metadata, link-local or (unless
/// allowed) private address fails that call like an unreachable upstream, so DNS rebinding never reaches such an
/// address; a name that moved to another allowed address gets a new pinned client, the old one left to finish its
/// calls and shut down once `retireAfter` has passed. Calls to an address literal use the shared client, once the
/// literal passes the same rules (a deployment's was checked with the configuration too; a service's may not have been).
public final class PinnedUpstreamClients: Sendable {
    /// The addresses a host name resolves to now.
    public typealias Resolver = @Sendable (String) async -> [String]

    struct Pin {
        var address: String
        var client: HTTPClient
        var checked: ContinuousClock.Instant
    }

    struct State {
        var pins: [String: Pin] = [:]
        /// Clients no longer pinned, with when they were replaced.
        var retired: [(client: HTTPClient, since: ContinuousClock.Instant)] = []
        var shutDown = false
    }

    let shared: HTTPClient
    let configuration: HTTPClient.Configuration
    let resolve: Resolver
    let now: @Sendable () -> ContinuousClock.Instant
    let refreshAfter: Duration
    let retireAfter: Duration
    private let state = Mutex(State())

    /// - Parameters:
    ///   - shared: the client for address literals (its owner shuts it down).
    ///   - configuration: what each pinned client is made with (`UpstreamClient.configuration`), plus its pin.
    ///   - retireAfter: at least the longest call a deployment allows, so that no call is cut by a re-pin.
    public init(shared: HTTPClient, configuration: HTTPClient.Configuration, refreshAfter: Duration = .seconds(60),
                retireAfter: Duration = .seconds(15 * 60), now: @escaping @Sendable () -> ContinuousClock.Instant = { .now },
                resolve: @escaping Resolver = PinnedUpstreamClients.systemResolver) {
        self.shared = shared
        self.configuration = configuration
        self.refreshAfter = refreshAfter
        self.retireAfter = retireAfter
        self.now = now
        self.resolve = resolve
    }

    /// `getaddrinfo` on NIO's blocking-I/O thread pool, off the cooperative threads.
    public static let systemResolver: Resolver = { host in
        (try? await NIOThreadPool.singleton.runIfActive { UpstreamAddressPolicy.resolve(host) }) ?? []
    }

    /// The client for a call to `host`: the shared one for an address literal that may be called, else the name's
    /// pinned client, checked again when its pin is old. Throws when the literal is refused, or the name does not
    /// resolve or resolves to a refused address.
    ///
    /// `host` must be spelled as AsyncHTTPClient reads it from the request's URL (`URL.host`, case kept): its
    /// `dnsOverride` matches that spelling exactly, so each spelling has its own pin.
    public func client(host: String, allowPrivate: Bool) async throws(UpstreamError) -> HTTPClient {
        if UpstreamAddressPolicy.classify(host) != nil {
            if let refusal = UpstreamAddressPolicy.refusal(host: host, resolved: [], allowPrivate: allowPrivate) {
                throw UpstreamError(.connect, "refused: \(refusal)")
            }
            return shared
        }
        let key = host
        let time = now()
        if let pin = state.withLock({ $0.pins[key] }), time - pin.checked < refreshAfter {
            // Deployments that share a name may differ in allowing private addresses: the pin is checked for this one.
            if let refusal = UpstreamAddressPolicy.refusal(host: pin.address, resolved: [], allowPrivate: allowPrivate) {
                throw UpstreamError(.connect, "refused: \(host) is pinned to an address this deployment may not call (\(refusal))")
            }
            return pin.client
        }
        let addresses = await resolve(host)
        if let refusal = UpstreamAddressPolicy.refusal(host: host, resolved: addresses, allowPrivate: allowPrivate) {
            throw UpstreamError(.connect, "refused: \(refusal)")
        }
        guard let address = addresses.first else { throw UpstreamError(.connect, "\(host) does not resolve") }
        return try state.withLock { (state) throws(UpstreamError) -> HTTPClient in
            guard !state.shutDown else { throw UpstreamError(.connect, "the gateway is shutting down") }
            sweep(&state, at: time)
            // Still among the addresses (round-robin DNS): the pin and its connections stay.
            if var pin = state.pins[key], addresses.contains(pin.address) {
                pin.checked = time
                state.pins[key] = pin
                return pin.client
            }
            var configuration = self.configuration
            configuration.dnsOverride = [key: address]
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            if let old = state.pins[key] { state.retired.append((old.client, time)) }
            state.pins[key] = Pin(address: address, client: client, checked: time)
            return client
        }
    }

    /// The address a name is pinned to now, if any.
    public func pinnedAddress(_ host: String) -> String? { state.withLock { $0.pins[host]?.address } }

    /// The host of `url` as AsyncHTTPClient reads it, to ask `client(host:allowPrivate:)` with.
    public static func host(of url: String) -> String? { URL(string: url)?.host }

    /// Shuts down retired clients whose calls have had `retireAfter` to finish.
    private func sweep(_ state: inout State, at time: ContinuousClock.Instant) {
        let done = state.retired.filter { time - $0.since >= retireAfter }
        guard !done.isEmpty else { return }
        state.retired.removeAll { time - $0.since >= retireAfter }
        for entry in done { Task { try? await entry.client.shutdown() } }
    }

    /// Shuts down every pinned and retired client (not the shared one); calls after this fail.
    public func shutdown() async {
        let clients = state.withLock { state in
            state.shutDown = true
            defer { state.pins = [:]; state.retired = [] }
            return state.pins.values.map(\.client) + state.retired.map(\.client)
        }
        for client in clients { try? await client.shutdown() }
    }
}
