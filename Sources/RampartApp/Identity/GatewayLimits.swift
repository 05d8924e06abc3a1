import Foundation
import Logging
import RampartGateway
import RampartIdentity
import RampartPolicy

/// The gateway's limits: per-instance token buckets and concurrency (principal, workload, tenant) and spend
/// budgets shared through the database (principal, each team the principal is in, tenant).
struct GatewayLimits: CallAdmission {
    let rates: RateLimiter
    let budgets: BudgetLedger
    /// Price and default output bound per model name.
    let prices: [String: (price: ModelPrice, maximumOutput: Int)]
    let logger: Logger
    /// The response's measures: a tightened rate for the caller applies over the configured one.
    let containment: ContainmentBoard
    let now: @Sendable () -> Date

    func admit(_ call: ModelCall) async throws(GatewayError) -> Admitted {
        let principal = call.caller.principal
        let promptTokens = TokenEstimate.tokens(in: call.chat.promptText)
        let pricing = prices[call.route.model]
        let worstOutput = call.chat.maxTokens ?? pricing?.maximumOutput ?? 4096
        let subjects = [LimitSubject(.principal, principal.id), LimitSubject(.workload, call.route.workload.name),
                        LimitSubject(.tenant, principal.tenant)]
        let ticket: RateLimiter.Ticket
        var tightened: [LimitSubject: Int] = [:]
        if let rate = containment.facts(for: call.caller, at: now()).requestsPerMinute { tightened[subjects[0]] = rate }
        switch rates.admit(subjects, tokens: promptTokens + worstOutput, tightened: tightened) {
        case .success(let taken): ticket = taken
        case .failure(let refusal):
            throw .rateLimited("rate limit reached: \(refusal.limit)", retryAfter: refusal.retryAfterSeconds)
        }
        var held: BudgetLedger.Reservation?
        if let pricing {
            let worst = pricing.price.cost(inputTokens: promptTokens, outputTokens: worstOutput)
            let owners = ["principal:\(principal.id)", "tenant:\(principal.tenant)"] + principal.groups.sorted().map { "team:\($0)" }
            do {
                switch try await budgets.reserve(subjects: owners, tenant: principal.tenant, micros: worst) {
                case .success(let reserved): held = reserved
                case .failure(let refusal):
                    rates.release(ticket, usedTokens: 0)
                    throw GatewayError(status: 429, type: "insufficient_quota", code: "budget_exceeded",
                                       message: "the spend budget of \(refusal.subject) (\(Self.money(refusal.limitMicros)) \(refusal.currency)) does not cover this request",
                                       retryAfter: 3600)
                }
            } catch let error as GatewayError {
                throw error
            } catch {
                rates.release(ticket, usedTokens: 0)
                logger.error("budget reservation failed", metadata: ["request_id": "\(call.requestID)", "error": "\(type(of: error))"])
                throw GatewayError(status: 503, type: "server_error", code: "budget_unavailable",
                                   message: "spend budgets cannot be checked; try again", retryAfter: 1)
            }
        }
        let rates = self.rates, budgets = self.budgets, logger = self.logger, requestID = call.requestID, reservation = held, trail = call.trail
        return Admitted { usage in
            rates.release(ticket, usedTokens: usage?.total ?? 0)
            guard let reservation, let pricing else { return }
            let actual = usage.map { pricing.price.cost(inputTokens: $0.prompt, outputTokens: $0.completion) } ?? 0
            trail.update { $0.costMicros = actual }
            do { try await budgets.settle(reservation, actualMicros: actual) } catch {
                logger.error("budget settlement failed; the reservation stands", metadata: ["request_id": "\(requestID)"])
            }
        }
    }

    static func money(_ micros: Int64) -> String {
        String(format: "%.2f", Double(micros) / 1_000_000)
    }
}
