/// Something a principal asks to do, named `noun:verb` (for example `model:invoke`).
public struct Action: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }
    public static func < (lhs: Action, rhs: Action) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Call a model through the gateway.
    public static let invokeModel = Action("model:invoke")
    /// See that a model exists (`GET /v1/models`).
    public static let listModels = Action("model:list")
    public static let readPrincipals = Action("principal:read")
    public static let writePrincipals = Action("principal:write")
    public static let readAPIKeys = Action("apikey:read")
    public static let createAPIKeys = Action("apikey:create")
    public static let revokeAPIKeys = Action("apikey:revoke")
    public static let readPolicies = Action("policy:read")
    public static let readBudgets = Action("budget:read")
    public static let writeBudgets = Action("budget:write")
    /// Read audit evidence: assessments, checkpoints, reports.
    public static let readEvidence = Action("evidence:read")
    public static let readAudit = Action("audit:read")
    public static let readDatasets = Action("dataset:read")
    public static let writeDatasets = Action("dataset:write")
    /// Use Rampart's detectors on text (`POST /v1/guard/scan`).
    public static let scanText = Action("guard:scan")
    /// See personal data the gateway pseudonymized, restored in an answer.
    public static let revealPersonalData = Action("pii:reveal")
    /// See keys' versions, ages and states (never key material).
    public static let readKeys = Action("key:read")
    /// Make a new version of a key, or retire an old one.
    public static let rotateKeys = Action("key:rotate")
    /// Seal data under a key (wrap a data key). Separate from decrypting: a writer need not be a reader.
    public static let encryptWithKey = Action("key:encrypt")
    /// Open data sealed under a key (unwrap a data key).
    public static let decryptWithKey = Action("key:decrypt")
    /// Move stored data keys to a key's newest version (unwraps data keys, never opens payloads).
    public static let rewrapKeys = Action("key:rewrap")
    /// Destroy every version of a key (crypto-shredding).
    public static let shredKeys = Action("key:shred")

    /// Read what the detections raised.
    public static let readFindings = Action("finding:read")
    /// Acknowledge, resolve or suppress a finding.
    public static let writeFindings = Action("finding:write")
    /// See the response's containments.
    public static let readContainments = Action("containment:read")
    /// Lift a containment (undo a playbook's suspension, quarantine, ...).
    public static let liftContainments = Action("containment:lift")

    /// Every action Rampart knows; policies may name only these (or a `noun:*` / `*` pattern over them).
    public static let all: [Action] = [
        invokeModel, listModels, readPrincipals, writePrincipals, readAPIKeys, createAPIKeys, revokeAPIKeys, readPolicies,
        readBudgets, writeBudgets, readEvidence, readAudit, readDatasets, writeDatasets, readKeys, rotateKeys, encryptWithKey, decryptWithKey, rewrapKeys, shredKeys,
        revealPersonalData, scanText, readFindings, writeFindings, readContainments, liftContainments,
    ]

    /// The noun before the colon.
    public var noun: Substring { rawValue.prefix(while: { $0 != ":" }) }
}

/// An action pattern in a rule: an action, `noun:*`, or `*`.
public struct ActionPattern: Sendable, Hashable, CustomStringConvertible {
    public var text: String
    public init(_ text: String) { self.text = text }

    public func matches(_ action: Action) -> Bool {
        if text == "*" { return true }
        if text.hasSuffix(":*") { return action.noun == text.dropLast(2) }
        return action.rawValue == text
    }

    /// Whether the pattern names at least one known action.
    public var isKnown: Bool { Action.all.contains(where: matches) }

    public var description: String { text }
}
