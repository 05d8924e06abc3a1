public import Foundation
public import Logging
public import RampartCore
public import RampartStorage

/// The composition root's values: configuration, data directory, environment, clock and logger.
/// Every command gets its dependencies from here and nowhere else.
public struct RampartContext: Sendable {
    public var configuration: RampartConfiguration
    public var dataDirectory: String
    public var environment: [String: String]
    public var clock: WallClock
    public var logger: Logger

    public init(
        configuration: RampartConfiguration = .init(), dataDirectory: String, environment: [String: String] = [:],
        clock: WallClock = .system, logger: Logger
    ) {
        self.configuration = configuration
        self.dataDirectory = dataDirectory
        self.environment = environment
        self.clock = clock
        self.logger = logger
    }

    /// The data directory: the flag, then `RAMPART_DATA_DIR`, then `./rampart-data`.
    public static func dataDirectory(flag: String?, environment: [String: String]) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let value = environment["RAMPART_DATA_DIR"], !value.isEmpty { return value }
        return "rampart-data"
    }

    /// The configuration file as error locations name it.
    public var configurationFile: String { Self.configurationFile(environment) }

    /// The configuration file as error locations name it, from the environment alone.
    static func configurationFile(_ environment: [String: String]) -> String { environment["RAMPART_CONFIG"] ?? "configuration" }

    /// Builds the context from the command line's options and the process environment.
    public static func make(
        configPath: String?, dataDirectory: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        clock: WallClock = .system
    ) throws(InputErrors) -> RampartContext {
        let path = configPath ?? environment["RAMPART_CONFIG"]
        let configuration = try path.map { (path) throws(InputErrors) in try RampartConfiguration.load(path: path) } ?? .init()
        var logger = Logger(label: "rampart")
        logger.logLevel = Logger.Level(rawValue: configuration.logging.level.rawValue) ?? .info
        return RampartContext(
            configuration: configuration, dataDirectory: Self.dataDirectory(flag: dataDirectory, environment: environment),
            environment: environment, clock: clock, logger: logger)
    }

    /// Opens the configured database and brings its schema up to date.
    public func openStorage() async throws -> Database {
        let location: StorageLocation
        do {
            location = try configuration.storage.location(dataDirectory: dataDirectory, environment: environment)
        } catch {
            throw InputErrors(error.located(at: SourceLocation(file: configurationFile, keyPath: "storage.password")))
        }
        let database = try await Database.open(location, logger: logger)
        do {
            try await Migrator(logger: logger).migrate(database)
        } catch {
            await database.close()
            throw error
        }
        return database
    }

    /// Opens the configured database, runs `body` with it, and closes it however `body` ends.
    public func withStorage<T>(_ body: (Database) async throws -> T) async throws -> T {
        try await openStorage().closing(after: body)
    }
}
