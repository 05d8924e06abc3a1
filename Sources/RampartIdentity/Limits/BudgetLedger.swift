public import Foundation
public import RampartStorage
import SQLKit

/// A spend budget: a limit in micros of a currency for a principal, a team (group) or a tenant.
public struct Budget: Sendable, Hashable, Codable {
    public enum Period: String, Sendable, Hashable, Codable { case monthly, total }
    /// `principal:ID`, `team:GROUP` or `tenant:ID`.
    public var subject: String
    public var tenant: String
    public var currency: String
    public var limitMicros: Int64
    public var spentMicros: Int64
    public var period: Period
    /// The month (`2026-11`) the spend counts for, or `total`.
    public var periodStart: String

    enum CodingKeys: String, CodingKey {
        case subject, tenant, currency, period
        case limitMicros = "limit_micros", spentMicros = "spent_micros", periodStart = "period_start"
    }
}

/// Why a reservation was refused.
public struct BudgetRefusal: Error, Sendable, Hashable {
    public var subject: String
    public var limitMicros: Int64
    public var currency: String
}

/// Spend budgets, shared by every instance through the database.
///
/// A call reserves its worst-case cost on every budget that applies to it, all or nothing, charging them only if
/// `spent + cost <= limit` holds for each: the database decides, under its row locks, so concurrent calls on any
/// number of instances cannot overshoot. After the call, `settle` replaces the reservation by the real cost.
/// A crash between the two leaves the reservation standing: the error is on the safe side.
public struct BudgetLedger: Sendable {
    let database: Database
    let now: @Sendable () -> Date

    public init(database: Database, now: @escaping @Sendable () -> Date = Date.init) {
        self.database = database
        self.now = now
    }

    /// What was reserved, to settle later.
    public struct Reservation: Sendable, Hashable {
        public var tenant: String
        public var subjects: [String]
        public var micros: Int64
        let month: String
    }

    func month(_ date: Date) -> String {
        let components = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        return String(format: "%04d-%02d", components.year ?? 1970, components.month ?? 1)
    }

    /// The spend so far as of `month`: a monthly budget whose month has passed counts from zero.
    static func current(_ month: String) -> SQLQueryString {
        "(CASE WHEN period = 'monthly' AND period_start <> \(bind: month) THEN 0 ELSE spent_micros END)"
    }

    /// Reserves `micros` on every budget of the tenant among `subjects`; subjects without a budget are not limited.
    /// Budgets belong to a tenant: `team:ml` of one tenant is not another tenant's.
    ///
    /// All or nothing: when one budget cannot take the cost, none is charged and the refusal names it (the first
    /// by subject). On PostgreSQL this is one statement, so a reservation costs one round trip and holds its row
    /// locks only while the statement runs; on SQLite it is a transaction in the queue of writers.
    public func reserve(subjects: [String], tenant: String, micros: Int64) async throws -> Result<Reservation, BudgetRefusal> {
        let month = month(now())
        guard !subjects.isEmpty else { return .success(Reservation(tenant: tenant, subjects: [], micros: micros, month: month)) }
        let budgets = database.engine == .postgres
            ? try await reserveInOneStatement(subjects: subjects, tenant: tenant, micros: micros, month: month)
            : try await reserveInTransaction(subjects: subjects, tenant: tenant, micros: micros, month: month)
        if let refused = budgets.first(where: { !$0.fits }) {
            return .failure(BudgetRefusal(subject: refused.subject, limitMicros: refused.limitMicros, currency: refused.currency))
        }
        return .success(Reservation(tenant: tenant, subjects: budgets.map(\.subject), micros: micros, month: month))
    }

    /// A budget that applies to a reservation, and whether the cost fitted in it.
    struct Charge: Decodable {
        var subject: String
        var limitMicros: Int64
        var currency: String
        var fits: Bool

        enum CodingKeys: String, CodingKey {
            case subject, currency, fits
            case limitMicros = "limit_micros"
        }
    }

    /// Locks the budgets in subject order (`FOR UPDATE` waits for a concurrent reservation and then reads its
    /// result), decides from them, and charges them all only if every one fits. PostgreSQL runs the `UPDATE` in
    /// `WITH` to completion whether or not the final `SELECT` reads it.
    private func reserveInOneStatement(subjects: [String], tenant: String, micros: Int64, month: String) async throws -> [Charge] {
        try await database.withConnection { sql in
            try await sql.raw("""
                WITH locked AS (
                    SELECT subject, limit_micros, currency, \(Self.current(month)) + \(bind: micros) <= limit_micros AS fits
                    FROM budgets WHERE tenant = \(bind: tenant) AND subject IN (\(binds: subjects))
                    ORDER BY subject FOR UPDATE
                ), charged AS (
                    UPDATE budgets SET spent_micros = \(Self.current(month)) + \(bind: micros),
                        period_start = CASE WHEN period = 'monthly' THEN \(bind: month) ELSE period_start END
                    WHERE tenant = \(bind: tenant) AND subject IN (SELECT subject FROM locked)
                        AND NOT EXISTS (SELECT 1 FROM locked WHERE NOT fits)
                    RETURNING subject
                )
                SELECT subject, limit_micros, currency, fits FROM locked ORDER BY subject
                """).all(decoding: Charge.self)
        }
    }

    /// Reads and charges the budgets in one transaction; a refusal rolls back what was charged before it.
    private func reserveInTransaction(subjects: [String], tenant: String, micros: Int64, month: String) async throws -> [Charge] {
        do {
            return try await database.transaction { sql in
                let existing = try await sql.select().columns("subject", "limit_micros", "currency").from("budgets")
                    .where("tenant", .equal, tenant).where("subject", .in, subjects).orderBy("subject").all()
                var charged: [Charge] = []
                for row in existing {
                    let subject = try row.decode(column: "subject", as: String.self)
                    let updated = try await sql.raw("""
                        UPDATE budgets SET spent_micros = \(Self.current(month)) + \(bind: micros),
                            period_start = CASE WHEN period = 'monthly' THEN \(bind: month) ELSE period_start END
                        WHERE tenant = \(bind: tenant) AND subject = \(bind: subject) AND \(Self.current(month)) + \(bind: micros) <= limit_micros
                        RETURNING subject
                        """).all()
                    let charge = Charge(subject: subject, limitMicros: try row.decode(column: "limit_micros", as: Int64.self),
                                        currency: try row.decode(column: "currency", as: String.self), fits: !updated.isEmpty)
                    if !charge.fits { throw Refused(charge: charge) }
                    charged.append(charge)
                }
                return charged
            }
        } catch let refused as Refused {
            return [refused.charge]
        }
    }

    /// Thrown inside the transaction so that it rolls back.
    private struct Refused: Error { var charge: Charge }

    /// Replaces a reservation by the real cost (less, or in rare cases more, than reserved).
    public func settle(_ reservation: Reservation, actualMicros: Int64) async throws {
        let delta = actualMicros - reservation.micros
        guard delta != 0, !reservation.subjects.isEmpty else { return }
        try await database.write { sql in
            try await sql.raw("""
                UPDATE budgets SET spent_micros = CASE WHEN spent_micros + \(bind: delta) > 0 THEN spent_micros + \(bind: delta) ELSE 0 END
                WHERE tenant = \(bind: reservation.tenant) AND subject IN (\(binds: reservation.subjects))
                    AND (period = 'total' OR period_start = \(bind: reservation.month))
                """).run()
        }
    }

    /// Creates or replaces a budget's limit (spend so far is kept).
    public func set(subject: String, tenant: String, currency: String, limitMicros: Int64, period: Budget.Period) async throws {
        let month = period == .monthly ? month(now()) : "total"
        try await database.transaction { sql in
            let updated = try await sql.update("budgets").set("limit_micros", to: limitMicros).set("currency", to: currency)
                .set("period", to: period.rawValue).where("subject", .equal, subject).where("tenant", .equal, tenant)
                .returning("subject").all()
            if updated.isEmpty {
                try await sql.insert(into: "budgets").columns("subject", "tenant", "currency", "limit_micros", "spent_micros", "period", "period_start")
                    .values(SQLBind(subject), SQLBind(tenant), SQLBind(currency), SQLBind(limitMicros), SQLBind(Int64(0)),
                            SQLBind(period.rawValue), SQLBind(month))
                    .run()
            }
        }
    }

    /// Budgets of one tenant, or all.
    public func list(tenant: String?) async throws -> [Budget] {
        try await database.withConnection { sql in
            var query = sql.select().columns("*").from("budgets")
            if let tenant { query = query.where("tenant", .equal, tenant) }
            return try await query.orderBy("subject").all(decoding: Budget.self)
        }
    }
}
