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
/// A call reserves its worst-case cost on every budget that applies to it, in one transaction, with a
/// conditional `UPDATE ... WHERE spent + cost <= limit` per budget: the database decides, so concurrent calls on
/// any number of instances cannot overshoot. After the call, `settle` replaces the reservation by the real cost.
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
    public func reserve(subjects: [String], tenant: String, micros: Int64) async throws -> Result<Reservation, BudgetRefusal> {
        let month = month(now())
        do {
            let held: [String] = try await database.transaction { sql in
                let existing = try await sql.select().columns("subject", "limit_micros", "currency").from("budgets")
                    .where("tenant", .equal, tenant).where("subject", .in, subjects).all()
                var held: [String] = []
                for row in existing {
                    let subject = try row.decode(column: "subject", as: String.self)
                    let updated = try await sql.raw("""
                        UPDATE budgets SET spent_micros = \(Self.current(month)) + \(bind: micros),
                            period_start = CASE WHEN period = 'monthly' THEN \(bind: month) ELSE period_start END
                        WHERE tenant = \(bind: tenant) AND subject = \(bind: subject) AND \(Self.current(month)) + \(bind: micros) <= limit_micros
                        RETURNING subject
                        """).all()
                    if updated.isEmpty {
                        throw BudgetRefusal(subject: subject, limitMicros: try row.decode(column: "limit_micros", as: Int64.self),
                                            currency: try row.decode(column: "currency", as: String.self))
                    }
                    held.append(subject)
                }
                return held
            }
            return .success(Reservation(tenant: tenant, subjects: held, micros: micros, month: month))
        } catch let refusal as BudgetRefusal {
            return .failure(refusal)
        }
    }

    /// Replaces a reservation by the real cost (less, or in rare cases more, than reserved).
    public func settle(_ reservation: Reservation, actualMicros: Int64) async throws {
        let delta = actualMicros - reservation.micros
        guard delta != 0, !reservation.subjects.isEmpty else { return }
        try await database.transaction { sql in
            for subject in reservation.subjects {
                try await sql.raw("""
                    UPDATE budgets SET spent_micros = CASE WHEN spent_micros + \(bind: delta) > 0 THEN spent_micros + \(bind: delta) ELSE 0 END
                    WHERE tenant = \(bind: reservation.tenant) AND subject = \(bind: subject)
                        AND (period = 'total' OR period_start = \(bind: reservation.month))
                    """).run()
            }
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
