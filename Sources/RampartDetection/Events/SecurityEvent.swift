public import Foundation

/// What detection sees of one thing that happened: a call to the gateway, a refused credential, a use of a key.
///
/// Made from the audit log's events (names, codes and counts; never a prompt, never a person's id in the clear: a
/// person is their keyed reference), so that detection needs nothing the log does not already keep.
public struct SecurityEvent: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case modelCall = "model_call"
        case apiCall = "api_call"
        case authenticationFailure = "authentication_failure"
        case keyUsage = "key_usage"
        case adminAction = "admin_action"
    }

    /// How a call or an operation ended.
    public enum Outcome: String, Sendable, Hashable {
        case allowed
        /// Refused by policy, a limit or a detector before reaching a model.
        case denied
        /// Refused because a containment of the response is in force (a suspension, a quarantine): the response
        /// working, not the caller probing, so no rule on denials counts it.
        case contained
        case failed
    }

    public var id: String
    public var kind: Kind
    public var time: Date
    /// The principal (a person as `subject:REF`), or nil when none was authenticated.
    public var principal: String?
    public var tenant: String?
    /// The credential presented (an API key's id), when known.
    public var credential: String?
    /// A network prefix of the caller (never a full address), when recorded.
    public var source: String?
    public var workload: String?
    /// The Scoping Matrix scope (1-5) of the workload.
    public var scope: Int?
    public var model: String?
    public var outcome: Outcome
    /// A stable reason code: an authentication failure's (`credential.revoked`), an error's, a key failure's.
    public var reason: String?
    /// Detector findings on the call, counted by `direction:category` (`input:injection`, `output:pii`, `output:canary`).
    public var findings: [String: Int]
    public var promptTokens: Int
    public var completionTokens: Int
    /// For key usage: the operation (`open`, `seal`, ...) and whether policy raised an alert (break-glass).
    public var keyOperation: String?
    public var alert: Bool
    /// A similarity signature of the prompt (a 64-bit SimHash of its words), recorded for the calls to fine-tuned
    /// and self-trained models: near-identical prompts have signatures a few bits apart.
    public var promptSignature: UInt64?

    public init(id: String, kind: Kind, time: Date, principal: String? = nil, tenant: String? = nil, credential: String? = nil,
                source: String? = nil, workload: String? = nil, scope: Int? = nil, model: String? = nil, outcome: Outcome = .allowed,
                reason: String? = nil, findings: [String: Int] = [:], promptTokens: Int = 0, completionTokens: Int = 0,
                keyOperation: String? = nil, alert: Bool = false, promptSignature: UInt64? = nil) {
        self.id = id
        self.kind = kind
        self.time = time
        self.principal = principal
        self.tenant = tenant
        self.credential = credential
        self.source = source
        self.workload = workload
        self.scope = scope
        self.model = model
        self.outcome = outcome
        self.reason = reason
        self.findings = findings
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.keyOperation = keyOperation
        self.alert = alert
        self.promptSignature = promptSignature
    }
}
