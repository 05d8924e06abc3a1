public import Foundation
public import Logging
public import RampartPolicy

/// Who may call and what they may do: the authenticator and the policy engine, with the clock they share.
public struct AccessControl: Sendable {
    public var authenticator: any Authenticator
    public var engine: PolicyEngine
    public var now: @Sendable () -> Date
    public var logger: Logger
    /// The response measures in force (suspensions, quarantines, MFA required, tightened rates).
    public var containment: ContainmentBoard

    public init(authenticator: any Authenticator, engine: PolicyEngine, logger: Logger, containment: ContainmentBoard = ContainmentBoard(),
                now: @escaping @Sendable () -> Date = Date.init) {
        self.authenticator = authenticator
        self.engine = engine
        self.now = now
        self.logger = logger
        self.containment = containment
    }

    /// Decides, and raises the alert a break-glass use asks for.
    public func authorize(_ caller: Caller, _ action: Action, _ resource: Resource, requestID: String) -> Decision {
        let time = now()
        let facts = RequestFacts(now: time, authentication: caller.authentication, containment: containment.facts(for: caller, at: time))
        let decision = engine.authorize(caller.principal, action, resource, facts)
        if !decision.alerts.isEmpty {
            logger.critical("break-glass access used", metadata: [
                "request_id": "\(requestID)", "principal": "\(caller.principal.id)", "action": "\(action)",
                "resource": "\(resource)", "rules": "\(decision.alerts.joined(separator: ","))",
            ])
        }
        return decision
    }

    /// Authorizes or throws the 403 the caller gets (naming the missing permission).
    public func require(_ caller: Caller, _ action: Action, _ resource: Resource, requestID: String) throws(GatewayError) {
        let decision = authorize(caller, action, resource, requestID: requestID)
        guard decision.allowed else { throw refusal(caller, decision, requestID: requestID) }
    }

    /// Logs a denial with the rules that decided it and returns the 403 for the caller.
    public func refusal(_ caller: Caller, _ decision: Decision, requestID: String) -> GatewayError {
        logger.notice("authorization denied", metadata: [
            "request_id": "\(requestID)", "principal": "\(caller.principal.id)", "tenant": "\(caller.principal.tenant)",
            "action": "\(decision.action)", "resource": "\(decision.resource)",
            "rules": "\(decision.isDefaultDeny ? "default-deny" : decision.forbiddenBy.joined(separator: ","))",
        ])
        return .forbidden(decision)
    }
}

/// The resource a model route stands for: its workload, classification and primary region.
extension ModelRoute {
    public var resource: Resource {
        Resource(kind: .model, id: model, classification: workload.classification, workload: workload.name, region: deployments.first?.region)
    }
}
