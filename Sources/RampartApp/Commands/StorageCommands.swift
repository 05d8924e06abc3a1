import RampartStorage

/// `rampart storage status`: where state lives and which migrations it has.
public enum StorageCommands {
    public static func status(context: RampartContext) async throws -> CommandOutput {
        try await context.withStorage { database in
            let versions = try await Migrator(logger: context.logger).appliedVersions(database)
            let records = try await AssessmentRecords(database: database).count()
            let known = RampartSchema.migrations.map(\.version).max() ?? 0
            return CommandOutput("""
                engine: \(database.engine.rawValue)
                location: \(database.location)
                schema: version \(versions.max() ?? 0) of \(known) (applied: \(versions.map(String.init).joined(separator: ", ")))
                assessment records: \(records)

                """)
        }
    }
}
