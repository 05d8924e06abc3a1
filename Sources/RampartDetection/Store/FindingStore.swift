public import Foundation
public import RampartStorage
import SQLKit

/// The findings the detections raised (`detection_findings`), each once by its uid, with its lifecycle: new,
/// acknowledged, resolved or suppressed.
public struct FindingStore: Sendable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case new, acknowledged, resolved, suppressed
    }

    /// A finding as stored.
    public struct Stored: Sendable, Hashable {
        /// The uid it was stored under (as the finding had it when raised).
        public var uid: String
        public var finding: DetectionFinding
        public var status: Status
        public var statusNote: String?
        public var statusAt: Date
    }

    public let database: Database

    public init(database: Database) { self.database = database }

    /// Records findings; one already stored (same uid) is left as it is. Returns those that were new.
    @discardableResult
    public func record(_ findings: [DetectionFinding], at now: Date) async throws -> [DetectionFinding] {
        guard !findings.isEmpty else { return [] }
        return try await database.transaction { sql in
            var added: [DetectionFinding] = []
            for finding in findings {
                let exists = try await sql.select().column("uid").from("detection_findings").where("uid", .equal, finding.uid).first() != nil
                guard !exists else { continue }
                try await sql.insert(into: "detection_findings")
                    .columns("uid", "rule_id", "severity", "description", "subject_kind", "subject", "tenant", "workload", "scope", "first_seen",
                             "last_seen", "event_count", "event_id", "status", "status_note", "status_at", "credential")
                    .values(SQLBind(finding.uid), SQLBind(finding.ruleID), SQLBind(finding.severity.rawValue), SQLBind(finding.description),
                            SQLBind(finding.subject.rawValue), SQLBind(finding.subjectValue), SQLBind(finding.tenant), SQLBind(finding.workload),
                            SQLBind(finding.scope), SQLBind(StoredDate.text(finding.firstSeen)), SQLBind(StoredDate.text(finding.lastSeen)),
                            SQLBind(Int64(finding.count)), SQLBind(finding.eventID), SQLBind(Status.new.rawValue), SQLBind(String?.none),
                            SQLBind(StoredDate.text(now)), SQLBind(finding.credential))
                    .run()
                added.append(finding)
            }
            return added
        }
    }

    /// Findings, newest first, optionally only of some statuses and at or above a severity.
    public func list(statuses: Set<Status>? = nil, minimumSeverity: DetectionRule.Severity = .informational, limit: Int = 500) async throws -> [Stored] {
        try await database.withConnection { sql in
            var query = sql.select().column("*").from("detection_findings").where("severity", .greaterThanOrEqual, minimumSeverity.rawValue)
            if let statuses { query = query.where("status", .in, statuses.map(\.rawValue).sorted()) }
            return try await query.orderBy("first_seen", .descending).orderBy("uid").limit(limit).all().map(Self.decode)
        }
    }

    public func finding(uid: String) async throws -> Stored? {
        try await database.withConnection { sql in
            try await sql.select().column("*").from("detection_findings").where("uid", .equal, uid).first().map(Self.decode)
        }
    }

    /// Moves a finding to `status`; false when there is no such finding.
    public func setStatus(uid: String, _ status: Status, note: String?, at now: Date) async throws -> Bool {
        try await database.transaction { sql in
            guard try await sql.select().column("uid").from("detection_findings").where("uid", .equal, uid).first() != nil else { return false }
            try await sql.update("detection_findings").set("status", to: status.rawValue).set("status_note", to: note)
                .set("status_at", to: StoredDate.text(now)).where("uid", .equal, uid).run()
            return true
        }
    }

    static func decode(_ row: any SQLRow) throws -> Stored {
        func date(_ column: String) throws -> Date {
            guard let date = StoredDate.date(try row.decode(column: column, as: String.self)) else {
                throw StorageError(.inconsistent, "detection_findings.\(column) is not a stored time")
            }
            return date
        }
        let severity = try row.decode(column: "severity", as: Int.self)
        let kind = try row.decode(column: "subject_kind", as: String.self)
        let status = try row.decode(column: "status", as: String.self)
        guard let level = DetectionRule.Severity(rawValue: severity), let subject = DetectionRule.Subject(rawValue: kind),
              let state = Status(rawValue: status) else { throw StorageError(.inconsistent, "detection_findings holds an unknown severity, subject or status") }
        let finding = DetectionFinding(
            ruleID: try row.decode(column: "rule_id", as: String.self), severity: level, description: try row.decode(column: "description", as: String.self),
            subject: subject, subjectValue: try row.decode(column: "subject", as: String.self), tenant: try row.decode(column: "tenant", as: String?.self),
            workload: try row.decode(column: "workload", as: String?.self), scope: try row.decode(column: "scope", as: Int?.self),
            firstSeen: try date("first_seen"), lastSeen: try date("last_seen"), count: Int(try row.decode(column: "event_count", as: Int64.self)),
            eventID: try row.decode(column: "event_id", as: String.self), credential: try row.decode(column: "credential", as: String?.self))
        return Stored(uid: try row.decode(column: "uid", as: String.self), finding: finding, status: state, statusNote: try row.decode(column: "status_note", as: String?.self), statusAt: try date("status_at"))
    }
}
