import Foundation
import Logging
import RampartAudit
import RampartCore
import RampartKeys
import RampartStorage
import Synchronization

/// One change the operator makes from the command line, as the audit log records it.
struct OperatorAction: Sendable {
    /// What was done: `principal.add`, `apikey.revoke`, `key.shred`, ...
    var name: String
    /// What it was done to, in the clear: kinds, tenants, ids of things that are not people.
    var object: [String: CanonicalJSON]
    /// Who it is about, when that is a person: sealed under the person's key like every personal fact.
    var personal: AuditEvent.Personal?

    init(_ name: String, object: [String: CanonicalJSON], personal: AuditEvent.Personal? = nil) {
        self.name = name
        self.object = object
        self.personal = personal
    }

    /// Adds an identifier of the object learnt while acting (an API key's id): sealed with the person's facts when the
    /// action is about a person, as the gateway seals a person's credential id, else in the clear.
    mutating func identify(_ key: String, _ value: String) {
        if personal != nil { personal?.facts[key] = value } else { object[key] = .string(value) }
    }
}

/// The audit trail of one command-line process: each change the local operator makes (principals, API keys,
/// budgets, keys, erasures) as an `admin_action` event with its outcome, and every use of a key the process makes as a
/// `key_usage` event, exactly as the gateway records its own.
///
/// The log is opened before a change is made, so a command whose log cannot be opened (unreachable, or no longer
/// matching its checkpoint) changes nothing. The key hierarchy reports uses without waiting: until the log is open
/// they are kept, afterwards each is appended as it comes; `flush` waits for all of them and is the last step of every
/// command that holds a trail, so nothing is acknowledged to the operator before its record is durable.
final class OperatorTrail: Sendable {
    private let opening: @Sendable () async throws(AuditError) -> AuditLog
    private let now: @Sendable () -> Date
    private let logger: Logger
    private let state = Mutex(State())

    private struct State {
        var log: AuditLog?
        /// Key uses reported before the log was open.
        var kept: [AuditEvent] = []
        /// Appends started and not yet finished, the first that failed, and who waits for them all.
        var appending = 0
        /// The last append started: each waits for the one before, so key uses are recorded in the order they happened.
        var last: Task<Void, Never>?
        var failure: AuditError?
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    init(now: @escaping @Sendable () -> Date, logger: Logger, opening: @escaping @Sendable () async throws(AuditError) -> AuditLog) {
        self.now = now
        self.logger = logger
        self.opening = opening
    }

    /// The trail over the gateway's log on `database`, sealing personal facts with `keys` (as Rampart itself).
    convenience init(context: RampartContext, database: Database, keys: KeyHierarchy, serverSecret: [UInt8]) {
        self.init(now: { context.clock.now }, logger: context.logger) { () throws(AuditError) in
            try await AuditAssembly.log(context: context, database: database, keys: keys, serverSecret: serverSecret)
        }
    }

    /// Records a key-usage event: kept until the log is open, appended from then on (without waiting), in order.
    func keep(_ event: AuditEvent) {
        state.withLock { state in
            guard let log = state.log else { state.kept.append(event); return }
            state.appending += 1
            let previous = state.last
            state.last = Task {
                await previous?.value
                do throws(AuditError) { _ = try await log.append(event) } catch { finished(error); return }
                finished(nil)
            }
        }
    }

    private func finished(_ error: AuditError?) {
        let waiting = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.appending -= 1
            if let error, state.failure == nil { state.failure = error }
            guard state.appending == 0 else { return [] }
            defer { state.waiting.removeAll() }
            return state.waiting
        }
        for waiter in waiting { waiter.resume() }
    }

    /// The log, opened on first use; the key uses kept until then are appended.
    func log() async throws(AuditError) -> AuditLog {
        if let log = state.withLock({ $0.log }) { return log }
        let log = try await opening()
        let kept = state.withLock { state -> [AuditEvent] in
            if state.log == nil { state.log = log }
            defer { state.kept.removeAll() }
            return state.kept
        }
        for event in kept { keep(event) }
        return log
    }

    /// Runs `body`, the change `action` describes, and records it with its outcome (and the key uses it made); the
    /// log is opened first, so that an unrecordable change is not made. `body` may add to the action what it learns
    /// (the id of what it created). The body's own error wins over a failure to record it, which is then logged.
    func record<T>(_ action: OperatorAction, _ body: (inout OperatorAction) async throws -> T) async throws -> T {
        _ = try await log()
        var action = action
        let result: Result<T, any Error>
        do { result = .success(try await body(&action)) } catch { result = .failure(error) }
        let outcome: CanonicalJSON
        switch result {
        case .success: outcome = .object(["result": .string("success")])
        case .failure(let error): outcome = .object(["result": .string("failure"), "code": .string(Self.code(of: error))])
        }
        do {
            try await flush(then: AuditEvent(operator: action, time: now(), outcome: outcome))
        } catch {
            guard case .success = result else {
                logger.error("failed admin action not recorded", metadata: ["action": "\(action.name)", "code": "\(error.code.rawValue)"])
                return try result.get()
            }
            throw AuditError(error.code, "\(action.name) was done but cannot be recorded in the audit log: \(error.message)")
        }
        return try result.get()
    }

    /// Waits until every key use is durably appended, then appends `event` when given; returns its sequence. Opens
    /// the log only when there is something to append.
    @discardableResult
    func flush(then event: AuditEvent? = nil) async throws(AuditError) -> Int? {
        let idle = state.withLock { $0.log == nil && $0.kept.isEmpty }
        guard !idle || event != nil else { return nil }
        let log = try await log()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state in
                guard state.appending > 0 else { return true }
                state.waiting.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
        if let failure = state.withLock({ $0.failure }) {
            throw AuditError(failure.code, "a use of a key cannot be recorded in the audit log: \(failure.message)")
        }
        guard let event else { return nil }
        return try await log.append(event)
    }

    /// A failure's stable code, as the outcome of an action records it (never its message, which may name values).
    static func code(of error: any Error) -> String {
        switch error {
        case let error as any CodedError: error.code.rawValue
        case is InputErrors: "input.invalid"
        default: "failed"
        }
    }
}

extension AuditEvent {
    /// The event of a change the local operator made from the command line. The actor is the operating-system
    /// account by its numeric id (not its name, which is a person's).
    init(operator action: OperatorAction, time: Date, outcome: CanonicalJSON) {
        self.init(kind: .adminAction, time: time, facts: [
            "action": .string(action.name),
            "actor": .object(["kind": .string("local-operator"), "uid": .int(Int64(getuid()))]),
            "object": .object(action.object),
            "outcome": outcome,
        ], personal: action.personal)
    }
}
