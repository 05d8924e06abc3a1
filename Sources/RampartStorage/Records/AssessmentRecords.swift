public import Foundation
import SQLKit

/// One stored assessment of one workload: the counts, and the JSON report it came from.
public struct AssessmentRecord: Sendable, Hashable, Codable {
    public var id: Int?
    public var workload: String
    public var scope: Int
    public var assessedAt: String
    public var satisfied: Int
    public var missingRequired: Int
    public var missingRecommended: Int
    public var notApplicable: Int
    public var report: String

    enum CodingKeys: String, CodingKey {
        case id, workload, scope, satisfied, report
        case assessedAt = "assessed_at"
        case missingRequired = "missing_required"
        case missingRecommended = "missing_recommended"
        case notApplicable = "not_applicable"
    }

    public init(
        workload: String, scope: Int, assessedAt: Date, satisfied: Int, missingRequired: Int,
        missingRecommended: Int, notApplicable: Int, report: String
    ) {
        self.workload = workload
        self.scope = scope
        self.assessedAt = assessedAt.formatted(.iso8601)
        self.satisfied = satisfied
        self.missingRequired = missingRequired
        self.missingRecommended = missingRecommended
        self.notApplicable = notApplicable
        self.report = report
    }
}

/// The history of assessments, kept so that posture over time can be shown and evidenced.
public struct AssessmentRecords: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Stores a batch of records atomically.
    public func append(_ records: [AssessmentRecord]) async throws {
        guard !records.isEmpty else { return }
        try await database.transaction { sql in
            for record in records {
                try await sql.insert(into: "assessment_records")
                    .columns("workload", "scope", "assessed_at", "satisfied", "missing_required",
                             "missing_recommended", "not_applicable", "report")
                    .values(SQLBind(record.workload), SQLBind(record.scope), SQLBind(record.assessedAt),
                            SQLBind(record.satisfied), SQLBind(record.missingRequired),
                            SQLBind(record.missingRecommended), SQLBind(record.notApplicable), SQLBind(record.report))
                    .run()
            }
        }
    }

    /// The newest records of one workload, newest first.
    public func history(of workload: String, limit: Int = 20) async throws -> [AssessmentRecord] {
        try await database.withConnection { sql in
            try await sql.select().columns("*").from("assessment_records")
                .where("workload", .equal, workload)
                .orderBy("id", .descending).limit(limit)
                .all(decoding: AssessmentRecord.self)
        }
    }

    /// How many records are stored.
    public func count() async throws -> Int {
        try await database.withConnection { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM assessment_records").first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }
}
