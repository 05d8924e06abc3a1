/// Rampart's schema, as the ordered list of its migrations. Append only: a released migration never changes.
public enum RampartSchema {
    public static let migrations: [Migration] = [
        Migration(version: 1, name: "assessment-records") { engine in
            let id = engine == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
            return [
                """
                CREATE TABLE assessment_records (
                    id \(id),
                    workload TEXT NOT NULL,
                    scope INTEGER NOT NULL CHECK (scope BETWEEN 1 AND 5),
                    assessed_at TEXT NOT NULL,
                    satisfied INTEGER NOT NULL,
                    missing_required INTEGER NOT NULL,
                    missing_recommended INTEGER NOT NULL,
                    not_applicable INTEGER NOT NULL,
                    report TEXT NOT NULL)
                """,
                "CREATE INDEX assessment_records_by_workload ON assessment_records (workload, assessed_at)",
            ]
        },
    ]
}
