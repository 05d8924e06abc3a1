import Foundation
import Hummingbird
import NIOCore
import RampartCore
import RampartGateway
import RampartIdentity
import RampartPolicy

/// `/admin/v1/`: principals, API keys, policies and budgets, behind the same authentication middleware and
/// policy engine as the model API. Every listing is of the caller's own tenant; another tenant's resources
/// answer 404, as if they did not exist.
struct AdminAPI: Sendable {
    let access: AccessControl
    let principals: PrincipalStore
    let apiKeys: APIKeyStore
    let budgets: BudgetLedger
    let limits: HTTPLimits

    func register(on router: Router<GatewayContext>) {
        let admin = router.group("admin/v1")
        admin.get("principals") { _, context in
            let caller = try context.requireCaller()
            try require(caller, .readPrincipals, Resource(kind: .principal, id: "*", tenant: caller.principal.tenant), context)
            return try encode(["data": try await principals.list(tenant: caller.principal.tenant).map(PrincipalView.init)])
        }
        admin.post("principals") { request, context in
            let caller = try context.requireCaller()
            let body = try await decode(PrincipalInput.self, request)
            let tenant = body.tenant ?? caller.principal.tenant
            try require(caller, .writePrincipals, Resource(kind: .principal, id: body.id, tenant: tenant), context)
            let principal = body.principal(tenant: tenant)
            try await answer { try await principals.create(principal) }
            return try encode(PrincipalView(principal), status: .created)
        }
        admin.get("principals/:id") { _, context in
            let caller = try context.requireCaller()
            let principal = try await ownPrincipal(context.parameters.get("id") ?? "", caller)
            try require(caller, .readPrincipals, Resource(kind: .principal, id: principal.id, tenant: principal.tenant), context)
            return try encode(PrincipalView(principal))
        }
        admin.post("principals/:id/disable") { _, context in
            let caller = try context.requireCaller()
            var principal = try await ownPrincipal(context.parameters.get("id") ?? "", caller)
            try require(caller, .writePrincipals, Resource(kind: .principal, id: principal.id, tenant: principal.tenant), context)
            principal.disabled = true
            try await answer { try await principals.update(principal) }
            return try encode(PrincipalView(principal))
        }
        admin.get("apikeys") { _, context in
            let caller = try context.requireCaller()
            try require(caller, .readAPIKeys, Resource(kind: .apiKey, id: "*", tenant: caller.principal.tenant), context)
            return try encode(["data": try await apiKeys.list(tenant: caller.principal.tenant).map(APIKeyView.init)])
        }
        admin.post("apikeys") { request, context in
            let caller = try context.requireCaller()
            let body = try await decode(APIKeyInput.self, request)
            let owner = try await ownPrincipal(body.principal, caller)
            try require(caller, .createAPIKeys, Resource(kind: .apiKey, id: owner.id, tenant: owner.tenant), context)
            let expiry = try body.expiresAt.map { (text) throws(GatewayError) -> Date in
                guard let date = try? Date(text, strategy: .iso8601) else { throw GatewayError.invalidRequest("expires_at is not an ISO 8601 time", param: "expires_at") }
                return date
            }
            let (key, record) = try await answer {
                try await apiKeys.create(for: owner.id, name: body.name, scope: CredentialScope(workloads: Set(body.workloads ?? []), models: Set(body.models ?? [])),
                                         expiresAt: expiry)
            }
            var view = APIKeyView(record)
            view.key = key
            return try encode(view, status: .created)
        }
        admin.delete("apikeys/:id") { _, context in
            let caller = try context.requireCaller()
            let id = context.parameters.get("id") ?? ""
            try require(caller, .revokeAPIKeys, Resource(kind: .apiKey, id: id, tenant: caller.principal.tenant), context)
            try await answer { try await apiKeys.revoke(id: id, tenant: caller.principal.tenant) }
            return try encode(["id": id, "revoked": "true"])
        }
        admin.get("policies") { _, context in
            let caller = try context.requireCaller()
            try require(caller, .readPolicies, Resource(kind: .policy, id: "*"), context)
            return try encode(["data": access.engine.rules.map { ["id": $0.id, "effect": $0.effect.rawValue, "description": $0.description] }])
        }
        admin.post("policies/check") { request, context in
            let caller = try context.requireCaller()
            try require(caller, .readPolicies, Resource(kind: .policy, id: "*"), context)
            let body = try await decode(CheckInput.self, request)
            let subject = try await ownPrincipal(body.principal, caller)
            let resource = Resource(kind: .init(rawValue: body.resource.kind), id: body.resource.id, tenant: body.resource.tenant,
                                    classification: body.resource.classification, workload: body.resource.workload, region: body.resource.region)
            let decision = access.engine.authorize(subject, Action(body.action), resource, RequestFacts(
                now: access.now(), authentication: AuthenticationFacts(method: body.method ?? .apiKey, multiFactor: body.mfa ?? false, credentialID: "check")))
            return try encode(DecisionView(decision))
        }
        admin.get("budgets") { _, context in
            let caller = try context.requireCaller()
            try require(caller, .readBudgets, Resource(kind: .budget, id: "*", tenant: caller.principal.tenant), context)
            return try encode(["data": try await budgets.list(tenant: caller.principal.tenant)])
        }
        admin.put("budgets") { request, context in
            let caller = try context.requireCaller()
            let body = try await decode(BudgetInput.self, request)
            guard ["principal:", "team:", "tenant:"].contains(where: body.subject.hasPrefix), body.limit >= 0, body.limit <= 1e12 else {
                throw GatewayError.invalidRequest("subject is principal:ID, team:GROUP or tenant:ID and limit is 0 to 10^12", param: "subject")
            }
            if body.subject.hasPrefix("tenant:"), body.subject != "tenant:\(caller.principal.tenant)" {
                throw GatewayError(status: 404, type: "invalid_request_error", code: "not_found", message: "no such tenant")
            }
            if body.subject.hasPrefix("principal:") { _ = try await ownPrincipal(String(body.subject.dropFirst("principal:".count)), caller) }
            try require(caller, .writeBudgets, Resource(kind: .budget, id: body.subject, tenant: caller.principal.tenant), context)
            try await answer {
                try await budgets.set(subject: body.subject, tenant: caller.principal.tenant, currency: body.currency ?? "USD",
                                      limitMicros: Int64((body.limit * 1_000_000).rounded()), period: body.period ?? .monthly)
            }
            return try encode(["subject": body.subject, "status": "set"])
        }
    }

    func require(_ caller: Caller, _ action: Action, _ resource: Resource, _ context: GatewayContext) throws(GatewayError) {
        try access.require(caller, action, resource, requestID: context.requestID)
    }

    /// A principal of the caller's tenant; any other answers 404, whether it exists or not.
    func ownPrincipal(_ id: String, _ caller: Caller) async throws -> Principal {
        guard let principal = try await principals.principal(id: id), principal.tenant == caller.principal.tenant else {
            throw GatewayError(status: 404, type: "invalid_request_error", code: "not_found", message: "no principal '\(id.prefix(128))'")
        }
        return principal
    }

    func decode<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        try JSONBody.decode(T.self, from: try await bodyBytes(of: request, limits: limits))
    }

    /// Runs a directory operation, turning its refusals into HTTP answers.
    func answer<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as IdentityError {
            switch error.code {
            case .notFound: throw GatewayError(status: 404, type: "invalid_request_error", code: "not_found", message: error.message)
            case .duplicate: throw GatewayError(status: 409, type: "invalid_request_error", code: "conflict", message: error.message)
            default: throw GatewayError.invalidRequest(error.message)
            }
        }
    }

    func encode(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(data: try encoder.encode(value))))
    }
}
