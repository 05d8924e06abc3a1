import Foundation
import RampartCore
import RampartIdentity
import RampartPolicy

/// What the admin API shows of a principal.
struct PrincipalView: Codable {
    var id: String
    var tenant: String
    var kind: Principal.Kind
    var display_name: String
    var roles: [String]
    var groups: [String]
    var attributes: PrincipalAttributes
    var disabled: Bool

    init(_ p: Principal) {
        id = p.id
        tenant = p.tenant
        kind = p.kind
        display_name = p.displayName
        roles = p.roles.sorted()
        groups = p.groups.sorted()
        attributes = p.attributes
        disabled = p.disabled
    }
}

/// What the admin API shows of an API key; `key` only once, in the answer that created it.
struct APIKeyView: Codable {
    var id: String
    var principal: String
    var name: String
    var workloads: [String]
    var models: [String]
    var created_at: Date
    var expires_at: Date?
    var revoked_at: Date?
    var last_used_at: Date?
    var key: String?

    init(_ r: APIKeyRecord) {
        id = r.id
        principal = r.principalID
        name = r.name
        workloads = r.scope.workloads.sorted()
        models = r.scope.models.sorted()
        created_at = r.createdAt
        expires_at = r.expiresAt
        revoked_at = r.revokedAt
        last_used_at = r.lastUsedAt
    }
}

struct DecisionView: Codable {
    var allowed: Bool
    var decision: String
    var permitted_by: [String]
    var forbidden_by: [String]
    var alerts: [String]

    init(_ d: Decision) {
        allowed = d.allowed
        decision = d.description
        permitted_by = d.permittedBy
        forbidden_by = d.forbiddenBy
        alerts = d.alerts
    }
}

struct PrincipalInput: Decodable {
    var id: String
    var tenant: String?
    var kind: Principal.Kind
    var display_name: String?
    var roles: [String]?
    var groups: [String]?
    var attributes: PrincipalAttributes?

    func principal(tenant: String) -> Principal {
        Principal(id: id, tenant: tenant, kind: kind, displayName: display_name, roles: Set(roles ?? []), groups: Set(groups ?? []),
                  attributes: attributes ?? PrincipalAttributes())
    }
}

struct APIKeyInput: Decodable {
    var principal: String
    var name: String
    var workloads: [String]?
    var models: [String]?
    var expiresAt: String?

    enum CodingKeys: String, CodingKey { case principal, name, workloads, models, expiresAt = "expires_at" }
}

struct CheckInput: Decodable {
    struct ResourceInput: Decodable {
        var kind: String
        var id: String
        var tenant: String?
        var classification: DataClassification?
        var workload: String?
        var region: String?
    }
    var principal: String
    var action: String
    var resource: ResourceInput
    var mfa: Bool?
    var method: AuthenticationFacts.Method?
}

struct BudgetInput: Decodable {
    var subject: String
    var limit: Double
    var currency: String?
    var period: Budget.Period?
}
