import AsyncHTTPClient
import Foundation
import RampartAudit
import RampartCore
import RampartGateway
import RampartStorage

/// Builds the configured exports: resolves their secrets and trust roots once, at start, so a missing one stops
/// the gateway with the key path instead of failing every batch later.
enum ExportAssembly {
    static let product = OCSF.Product(version: "0.1.0")

    static func exporters(context: RampartContext, database: Database, client: HTTPClient, services: ServiceClient) throws(InputErrors) -> [AuditExporter] {
        let configFile = context.configurationFile
        let store = AuditStore(database: database), cursors = AuditExportCursors(database: database)
        let clock = context.clock
        var exporters: [AuditExporter] = []
        for (index, settings) in context.configuration.audit.export.enumerated() {
            let location = SourceLocation(file: configFile, keyPath: "audit.export[\(index)]")
            let sink: any ExportSink
            do {
                sink = try self.sink(settings, context: context, client: client, services: services)
            } catch let error as InputError {
                throw InputErrors(error.located(at: location))
            } catch {
                throw InputErrors(InputError(.invalidValue, "export \(settings.name): \(error)", at: location))
            }
            exporters.append(AuditExporter(name: settings.name, sink: sink, store: store, cursors: cursors, product: product, now: { clock.now }))
        }
        return exporters
    }

    static func sink(_ settings: ExportSettings, context: RampartContext, client: HTTPClient, services: ServiceClient) throws -> any ExportSink {
        func trustRoots() throws -> [UInt8]? {
            guard let file = settings.caFile else { return nil }
            guard let data = FileManager.default.contents(atPath: file) else { throw InputError(.unreadable, "cannot read the CA file \(file)") }
            return Array(data)
        }
        switch settings.kind {
        case .file:
            return FileExportSink(path: settings.path ?? "")
        case .http:
            return HTTPExportSink(url: settings.url ?? "", token: try settings.token?.resolve(environment: context.environment), client: services)
        case .syslog:
            guard let (host, port) = ExportSettings.hostAndPort(settings.address ?? "") else {
                throw InputError(.invalidValue, "'\(settings.address ?? "")' is not host:port")
            }
            return try SyslogExportSink(host: host, port: port, trustRootsPEM: try trustRoots())
        case .awsSecurityHub:
            let region = settings.region ?? ""
            guard let endpoint = URL(string: settings.endpoint ?? "https://securityhub.\(region).amazonaws.com"), endpoint.host != nil else {
                throw InputError(.invalidValue, "'\(settings.endpoint ?? "")' is not a URL")
            }
            let credentials = try (settings.credentials ?? .environment).source(environment: context.environment, region: region,
                                                                                client: client, services: services)
            let clock = context.clock
            return SecurityHubExportSink(target: ASFF.Target(accountID: settings.accountID ?? "", region: region), endpoint: endpoint,
                                         credentials: credentials, client: services, now: { clock.now })
        }
    }
}
