public import AsyncHTTPClient
import Foundation
import HummingbirdCore
import HummingbirdTLS
public import Hummingbird
import Logging
public import RampartCore
public import RampartGateway
import RampartMatrix
import RampartPrivacy
import RampartKeys
import RampartAudit
import RampartDetection
public import RampartStorage
import NIOCore
import ServiceLifecycle

/// `rampart serve`: the gateway as a service, with graceful shutdown on SIGTERM and SIGINT.
public enum GatewayServer {
    /// Loads the manifests the configuration names and builds the application (not yet running).
    public static func application(
        context: RampartContext, database: Database, client: HTTPClient, pins: PinnedUpstreamClients, metrics: GatewayMetrics = GatewayMetrics(),
        port: Int? = nil, onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) async throws(InputErrors) -> some ApplicationProtocol {
        let settings = context.configuration.gateway
        let workloads: [LoadedWorkload]
        if context.configuration.workloads.isEmpty {
            workloads = []
        } else {
            let catalog = try ControlCatalog.bundled()
            workloads = try ManifestLoader(catalog: catalog, clock: context.clock).load(paths: context.configuration.workloads)
        }
        // The server secret is read once: API key hashing, the vault's token MAC and canaries derive from it.
        let serverSecret = try APIKeySecret.resolve(context: context)
        let identity = try IdentityAssembly.parts(context: context, database: database, client: ServiceClient(pins: pins), serverSecret: serverSecret)
        let clock = context.clock
        let keys: KeyHierarchy
        let keyUsage = KeyUsageLog(logger: context.logger)
        do {
            keys = try KeysAssembly.hierarchy(context: context, database: database, client: client, services: ServiceClient(pins: pins),
                                              policy: identity.access.engine, usage: keyUsage)
        } catch let errors as InputErrors {
            throw errors
        } catch {
            throw InputErrors(InputError(.invalidValue, "the key providers cannot be used: \(error)", at: SourceLocation(file: "configuration", keyPath: "keys")))
        }
        // Every request is recorded in the audit log before its answer completes; a log that cannot be opened
        // (unreachable, or no longer matching its last checkpoint) keeps the gateway from starting.
        // Detection takes what the log commits from memory (`tail`), reading the log only for what it missed.
        let tail = AuditTail()
        let audit: AuditLog
        do {
            audit = try await AuditAssembly.log(context: context, database: database, keys: keys, serverSecret: serverSecret, tail: tail)
        } catch {
            throw InputErrors(InputError(.invalidValue, "the audit log cannot be opened: \(error.message)", at: SourceLocation(file: "storage", keyPath: "audit")))
        }
        keyUsage.sendToAudit(audit.submit)
        let vault = PseudonymVault(database: database, secret: serverSecret, keys: keys, now: { clock.now })
        let pipeline = try GatewayAssembly.pipeline(
            settings: settings, workloads: workloads, environment: context.environment, client: client, metrics: metrics,
            logger: context.logger, access: identity.access, admission: identity.admission, pseudonyms: vault, serverSecret: serverSecret,
            pins: pins)
        let router = GatewayRouter.make(
            pipeline: pipeline, limits: HTTPLimits(maximumBodyBytes: settings.maximumBodyBytes), tls: settings.tls != nil,
            recorder: GatewayAuditRecorder(log: audit), trustedProxies: settings.trustedProxies.compactMap(NetworkRange.init))
        let admin = AdminAPI(access: identity.access, principals: identity.principals, apiKeys: identity.apiKeys, budgets: identity.budgets,
                             limits: HTTPLimits(maximumBodyBytes: 1 << 20))
        admin.register(on: router)
        // The containments in force are on the board before the first request is served: a restart must not let a
        // suspended key through until detection's first pass.
        let containments = ContainmentStore(database: database)
        let generation = identity.containment.generation
        do { identity.containment.replace(with: try await containments.inForce(at: clock.now), readSince: generation) } catch {
            throw InputErrors(InputError(.invalidValue, "the containments in force cannot be read: \(type(of: error))",
                                         at: SourceLocation(file: "storage", keyPath: "containments")))
        }
        DetectionAdminAPI(admin: admin, findings: FindingStore(database: database), containments: containments, board: identity.containment)
            .register(on: router)
        let decoder = HTTP1Channel.Configuration.DecoderConfiguration(
            maxHeaderFieldSize: 16 * 1024, maxHeaderListSize: 64 * 1024, maxHeaderFieldCount: 100)
        let channel = HTTP1Channel.Configuration(
            additionalChannelHandlers: [RefusedRequestHandler()],
            idleTimeout: TimeAmount.seconds(Int64(settings.clientIdleTimeoutSeconds)), httpDecoderConfiguration: decoder)
        let http1 = HTTPServerBuilder.http1(configuration: channel)
        let server: HTTPServerBuilder
        if let tls = settings.tls {
            do {
                server = try .tls(http1, tlsConfiguration: try listenerTLS(tls, environment: context.environment).serverConfiguration())
            } catch let errors as InputErrors {
                throw errors
            } catch {
                throw InputErrors(InputError(.invalidValue, "the TLS certificate, key or client CA cannot be used: \(error)",
                                             at: SourceLocation(file: "configuration", keyPath: "gateway.tls")))
            }
        } else {
            server = http1
        }
        var application = Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname(settings.listen.host, port: port ?? settings.listen.port), serverName: "rampart"),
            onServerRunning: onServerRunning,
            logger: context.logger)
        // Expired pseudonyms are purged, and overdue keys rotated, for as long as the gateway serves.
        application.addServices(VaultPurgeService(vault: vault, interval: .seconds(3600), logger: context.logger))
        application.addServices(KeyRotationService(keys: keys.acting(as: .rampart), vault: vault, interval: .seconds(3600), logger: context.logger))
        application.addServices(AuditCheckpointService(log: audit, interval: .seconds(context.configuration.audit.checkpointSeconds), logger: context.logger))
        let exporters = try ExportAssembly.exporters(context: context, database: database, client: client, services: ServiceClient(pins: pins))
        if !exporters.isEmpty {
            application.addServices(AuditExportService(exporters: exporters, interval: .seconds(context.configuration.audit.exportSeconds),
                                                       logger: context.logger))
        }
        // The detections read the log as it grows and store what they raise (rampart findings); the playbooks answer
        // them, and the measures in force are read back each pass (lifted, expired, imposed by another instance).
        let detection = context.configuration.detection
        let append: @Sendable (AuditEvent) async throws(AuditError) -> Void = { event throws(AuditError) in _ = try await audit.append(event) }
        let responder = Responder(
            playbooks: detection.responsePlaybooks(), containments: containments, board: identity.containment,
            webhooks: try DetectionAssembly.webhooks(detection, context: context, client: ServiceClient(pins: pins)), audit: append, now: { clock.now }, logger: context.logger)
        application.addServices(DetectionService(
            engine: DetectionEngine(rules: detection.detectionRules()), store: audit.store, tail: tail, cursors: AuditExportCursors(database: database),
            findings: FindingStore(database: database), responder: responder, containment: (containments, identity.containment), audit: append,
            history: .seconds(detection.historyDays * 86_400),
            interval: .milliseconds(Int64(detection.intervalSeconds * 1000)), now: { clock.now }, logger: context.logger))
        // A service that ends stops the whole group: the purge runs only when a retention is configured.
        let retention = context.configuration.audit.retention
        if retention.defaultDays != nil || !retention.days.isEmpty {
            application.addServices(AuditRetentionService(store: audit.store, retention: retention, clock: context.clock,
                                                          interval: .seconds(3600), logger: context.logger))
        }
        return application
    }

    /// Makes the upstream clients from one configuration (the shared one, and the pins that make a client per
    /// upstream host name only when one is called) and opens the database, runs `body` with them, and closes them
    /// all however it ends.
    static func withResources<T>(context: RampartContext, _ body: (HTTPClient, PinnedUpstreamClients, Database) async throws -> T) async throws -> T {
        let configuration = try upstreamConfiguration(context: context)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        // Retired pinned clients stay up for the longest call a deployment allows.
        let longest = context.configuration.gateway.deployments.map(\.timeoutSeconds).max() ?? 120
        let pins = PinnedUpstreamClients(shared: client, configuration: configuration, retireAfter: .seconds(max(longest, 60) + 60))
        do {
            let result = try await context.withStorage { database in try await body(client, pins, database) }
            await pins.shutdown()
            try await client.shutdown()
            return result
        } catch {
            await pins.shutdown()
            try? await client.shutdown()
            throw error
        }
    }

    /// Reads the TLS material the settings point at.
    static func listenerTLS(_ tls: TLSSettings, environment: [String: String]) throws(InputErrors) -> ListenerTLS {
        func read(_ path: String, _ keyPath: String) throws(InputErrors) -> [UInt8] {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw InputErrors(InputError(.unreadable, "cannot read \(path)", at: SourceLocation(file: "configuration", keyPath: keyPath)))
            }
            return Array(data)
        }
        let key: String
        do {
            key = try tls.privateKey.resolve(environment: environment)
        } catch {
            throw InputErrors(error.located(at: SourceLocation(file: "configuration", keyPath: "gateway.tls.private_key")))
        }
        return ListenerTLS(
            certificateChainPEM: try read(tls.certificate, "gateway.tls.certificate"), privateKeyPEM: Array((key + "\n").utf8),
            minimumVersion: tls.minimumVersion == "1.2" ? .tls12 : .tls13,
            clientCAPEM: try tls.clientCA.map { (path) throws(InputErrors) in try read(path, "gateway.tls.client_ca") })
    }

    /// What the upstream clients are made with (the shared one, and those pinned to an upstream host's address):
    /// trusting `gateway.upstream.ca_bundle` when one is configured.
    static func upstreamConfiguration(context: RampartContext) throws(InputErrors) -> HTTPClient.Configuration {
        guard let path = context.configuration.gateway.upstream.caBundle else {
            do { return try UpstreamClient.configuration() } catch { throw InputErrors(InputError(.invalidValue, "the upstream client cannot be made: \(error)")) }
        }
        let location = SourceLocation(file: context.configurationFile, keyPath: "gateway.upstream.ca_bundle")
        guard let data = FileManager.default.contents(atPath: path) else { throw InputErrors(InputError(.unreadable, "cannot read \(path)", at: location)) }
        do { return try UpstreamClient.configuration(caBundlePEM: Array(data)) } catch {
            throw InputErrors(InputError(.invalidValue, "\(path) holds no usable PEM certificates", at: location))
        }
    }

    /// Runs until a signal asks it to stop, then drains and closes the upstream client and the database.
    public static func run(context: RampartContext) async throws {
        try await withResources(context: context) { client, pins, database in
            let app = try await application(context: context, database: database, client: client, pins: pins) { channel in
                // One line on standard output, for scripts (and a port of 0 in the configuration).
                if let address = channel.localAddress, let port = address.port {
                    FileHandle.standardOutput.write(Data("rampart listening on http://\(address.ipAddress ?? "127.0.0.1"):\(port)\n".utf8))
                }
            }
            let group = ServiceGroup(configuration: .init(
                services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: context.logger))
            try await group.run()
        }
    }
}
