import Foundation
public import RampartCore
public import RampartStorage
public import RampartYAML
import Yams

/// Rampart's configuration file (`rampart.yaml`), decoded into one typed section per component.
///
/// Every key is documented in docs/configuration.md; unknown keys, wrong types and inline secrets are errors.
public struct RampartConfiguration: Sendable, Hashable, Decodable {
    public var storage: StorageSettings
    public var logging: LoggingSettings
    /// Workload manifests (files or directories) used when a command is not given a path.
    public var workloads: [String]
    public var gateway: GatewaySettings
    public var identity: IdentitySettings
    public var keys: KeysSettings = .init()
    public var audit: AuditSettings = .init()
    public var detection: DetectionResponseSettings = .init()
    public var posture: PostureConfiguration = .init()

    public init(storage: StorageSettings = .init(), logging: LoggingSettings = .init(), workloads: [String] = [],
                gateway: GatewaySettings = .init(), identity: IdentitySettings = .init()) {
        self.storage = storage
        self.logging = logging
        self.workloads = workloads
        self.gateway = gateway
        self.identity = identity
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        storage = try c.decodeIfPresent(StorageSettings.self, forKey: .storage) ?? .init()
        logging = try c.decodeIfPresent(LoggingSettings.self, forKey: .logging) ?? .init()
        workloads = try c.decodeIfPresent([String].self, forKey: .workloads) ?? []
        gateway = try c.decodeIfPresent(GatewaySettings.self, forKey: .gateway) ?? .init()
        identity = try c.decodeIfPresent(IdentitySettings.self, forKey: .identity) ?? .init()
        keys = try c.decodeIfPresent(KeysSettings.self, forKey: .keys) ?? .init()
        audit = try c.decodeIfPresent(AuditSettings.self, forKey: .audit) ?? .init()
        detection = try c.decodeIfPresent(DetectionResponseSettings.self, forKey: .detection) ?? .init()
        posture = try c.decodeIfPresent(PostureConfiguration.self, forKey: .posture) ?? .init()
    }

    enum CodingKeys: String, CodingKey { case storage, logging, workloads, gateway, identity, keys, audit, detection, posture }

    /// Reads and validates a configuration file. Relative workload paths are taken from the file's directory.
    public static func load(path: String) throws(InputErrors) -> RampartConfiguration {
        let source = try YAMLSource.read(path: path)
        var configuration = try load(source)
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        configuration.workloads = configuration.workloads.map {
            $0.hasPrefix("/") ? $0 : base.appendingPathComponent($0).standardizedFileURL.path
        }
        configuration.identity.policies = configuration.identity.policies.map {
            $0.hasPrefix("/") ? $0 : base.appendingPathComponent($0).standardizedFileURL.path
        }
        return configuration
    }

    /// Decodes and validates a configuration source.
    public static func load(_ source: YAMLSource) throws(InputErrors) -> RampartConfiguration {
        let root = try source.singleDocument()
        let configuration = try StrictYAMLDecoder().decode(RampartConfiguration.self, from: root, file: source.file)
        let problems = configuration.problems()
        guard problems.isEmpty else { throw InputErrors(problems.map { $0.inputError(in: root, file: source.file) }) }
        return configuration
    }

    func problems() -> [LocatedProblem] {
        var problems = gateway.problems() + identity.problems() + keys.problems() + audit.problems() + detection.problems() + posture.problems()
        for (i, path) in workloads.enumerated() where path.isEmpty {
            problems.append(LocatedProblem(.invalidValue, at: ["workloads", .index(i)], "a workload path is empty"))
        }
        if case .postgres = storage.url, storage.password == nil {
            problems.append(LocatedProblem(
                .missingValue, at: ["storage", "password"],
                "a PostgreSQL url needs storage.password (env:NAME or file:PATH)"))
        }
        if case .postgres = storage.url, identity.apiKeySecret == nil {
            problems.append(LocatedProblem(
                .missingValue, at: ["identity", "api_key_secret"],
                "with PostgreSQL every instance must hash API keys under the same secret: set identity.api_key_secret (env:NAME or file:PATH)"))
        }
        if case .sqlite = storage.url, storage.password != nil {
            problems.append(LocatedProblem(.invalidValue, at: ["storage", "password"], "storage.password is only for PostgreSQL"))
        }
        return problems
    }
}

/// Where state is kept.
public struct StorageSettings: Sendable, Hashable, Decodable {
    public var url: StorageURL
    /// The PostgreSQL password, by reference.
    public var password: SecretReference?

    public init(url: StorageURL = .sqlite, password: SecretReference? = nil) {
        self.url = url
        self.password = password
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        url = try c.decodeIfPresent(StorageURL.self, forKey: .url) ?? .sqlite
        password = try c.decodeIfPresent(SecretReference.self, forKey: .password)
    }

    enum CodingKeys: String, CodingKey { case url, password }

    /// The storage location, with the data directory for SQLite and the password resolved for PostgreSQL.
    public func location(dataDirectory: String, environment: [String: String]) throws(InputError) -> StorageLocation {
        switch url {
        case .sqlite:
            return .sqlite(path: URL(fileURLWithPath: dataDirectory).appendingPathComponent("rampart.sqlite").path)
        case .postgres(var target):
            if let password { target.password = try password.resolve(environment: environment) }
            return .postgres(target)
        }
    }
}

/// `sqlite` (the embedded default, a file in the data directory) or `postgres://user@host:port/db?tls=...`.
public enum StorageURL: Sendable, Hashable, Decodable, CustomStringConvertible {
    case sqlite
    case postgres(PostgresLocation)

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = try StorageURL(parsing: text)
    }

    /// Parses the url; passwords in it are refused, and `tls=disable` is allowed only for loopback hosts.
    public init(parsing text: String) throws(InputError) {
        if text == "sqlite" { self = .sqlite; return }
        guard let components = URLComponents(string: text), let scheme = components.scheme,
              scheme == "postgres" || scheme == "postgresql"
        else {
            throw InputError(.invalidValue, "expected 'sqlite' or a postgres://user@host:port/database url")
        }
        guard components.password == nil else {
            throw InputError(.inlineSecret, "the url holds a password; give it as storage.password (env:NAME or file:PATH)")
        }
        guard let user = components.user, !user.isEmpty, let host = components.host, !host.isEmpty else {
            throw InputError(.invalidValue, "a postgres url names a user and a host: postgres://user@host:port/database")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw InputError(.invalidValue, "a postgres url names one database: postgres://user@host:port/database")
        }
        var tls = PostgresLocation.TLSMode.verifyFull
        for item in components.queryItems ?? [] {
            guard item.name == "tls" else {
                throw InputError(.invalidValue, "unknown url parameter '\(item.name)'; the only one is tls=disable|verify-full")
            }
            guard let value = item.value, let mode = PostgresLocation.TLSMode(rawValue: value) else {
                throw InputError(.invalidValue, "tls must be disable or verify-full")
            }
            tls = mode
        }
        if tls == .disable, !["127.0.0.1", "localhost", "::1"].contains(host) {
            throw InputError(.invalidValue, "tls=disable is allowed only for a loopback host; \(host) needs verify-full")
        }
        self = .postgres(PostgresLocation(host: host, port: components.port ?? 5432, user: user, database: database, tls: tls))
    }

    public var description: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres(let location): location.description
        }
    }
}

/// How much Rampart logs.
public struct LoggingSettings: Sendable, Hashable, Decodable {
    public var level: Level

    public enum Level: String, Sendable, Hashable, Decodable, CaseIterable {
        case trace, debug, info, notice, warning, error, critical
        public init(from decoder: any Decoder) throws { self = try decodeClosedEnum(Self.self, from: decoder) }
    }

    public init(level: Level = .info) { self.level = level }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        level = try c.decodeIfPresent(Level.self, forKey: .level) ?? .info
    }

    enum CodingKeys: String, CodingKey { case level }
}
