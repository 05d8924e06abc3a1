import Foundation
import Hummingbird
import RampartDetection
import RampartGateway
import RampartPolicy

/// `/admin/v1/findings` and `/admin/v1/containments`: the findings of the caller's tenant and their lifecycle, and
/// the response's containments with the administrator's undo. Findings without a tenant (refused credentials from a
/// network, before anyone was identified) belong to no tenant and are the operator's (`rampart findings`).
struct DetectionAdminAPI: Sendable {
    let admin: AdminAPI
    let findings: FindingStore
    let containments: ContainmentStore
    let board: ContainmentBoard

    struct FindingView: Encodable {
        var uid, rule, severity, description, subjectKind, subject, status: String
        var tenant, workload, note: String?
        var scope: Int?
        var firstSeen, lastSeen, statusAt: Date
        var eventCount: Int

        init(_ s: FindingStore.Stored) {
            let f = s.finding
            uid = s.uid; rule = f.ruleID; severity = f.severity.name; description = f.description; subjectKind = f.subject.rawValue
            subject = f.subjectValue; status = s.status.rawValue; tenant = f.tenant; workload = f.workload; note = s.statusNote; scope = f.scope
            firstSeen = f.firstSeen; lastSeen = f.lastSeen; statusAt = s.statusAt; eventCount = f.count
        }

        enum CodingKeys: String, CodingKey {
            case uid, rule, severity, description, subject, status, tenant, workload, note, scope
            case subjectKind = "subject_kind", firstSeen = "first_seen", lastSeen = "last_seen", statusAt = "status_at", eventCount = "event_count"
        }
    }

    struct ContainmentView: Encodable {
        var id, measure, target, reason: String
        var tenant, finding, playbook, liftedBy: String?
        var requestsPerMinute: Int?
        var imposedAt: Date
        var until, liftedAt: Date?
        var inForce: Bool

        init(_ s: ContainmentStore.Stored, now: Date) {
            let c = s.containment
            id = c.id; measure = c.measure.rawValue; target = c.target; reason = c.reason; tenant = c.tenant; finding = s.findingUID
            playbook = s.playbook; liftedBy = s.liftedBy; requestsPerMinute = c.requestsPerMinute; imposedAt = c.imposedAt; until = c.until
            liftedAt = s.liftedAt; inForce = s.inForce(at: now)
        }

        enum CodingKeys: String, CodingKey {
            case id, measure, target, reason, tenant, finding, playbook, until
            case liftedBy = "lifted_by", requestsPerMinute = "requests_per_minute", imposedAt = "imposed_at", liftedAt = "lifted_at", inForce = "in_force"
        }
    }

    struct NoteInput: Decodable { var note: String? }

    /// The optional `{"note": ...}` of a status change or a lift; an empty body is no note.
    func note(_ request: Request) async throws -> String? {
        let bytes = try await bodyBytes(of: request, limits: admin.limits)
        guard !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { return nil }
        return try JSONBody.decode(NoteInput.self, from: bytes).note
    }

    func register(on router: Router<GatewayContext>) {
        let group = router.group("admin/v1")
        group.get("findings") { request, context in
            let caller = try context.requireCaller()
            let tenant = caller.principal.tenant
            try admin.require(caller, .readFindings, Resource(kind: .finding, id: "*", tenant: tenant), context)
            let status = try request.uri.queryParameters.get("status").map { (name: String) throws(GatewayError) -> Set<FindingStore.Status> in
                guard let status = FindingStore.Status(rawValue: name) else {
                    throw GatewayError.invalidRequest("status is new, acknowledged, resolved or suppressed", param: "status")
                }
                return [status]
            }
            let stored = try await findings.list(statuses: status).filter { $0.finding.tenant == tenant }
            return try admin.encode(["data": stored.map(FindingView.init)])
        }
        group.get("findings/:uid") { _, context in
            let caller = try context.requireCaller()
            let stored = try await ownFinding(context.parameters.get("uid") ?? "", caller)
            try admin.require(caller, .readFindings, Resource(kind: .finding, id: stored.uid, tenant: caller.principal.tenant), context)
            return try admin.encode(FindingView(stored))
        }
        for (verb, status) in [("acknowledge", FindingStore.Status.acknowledged), ("resolve", .resolved), ("suppress", .suppressed)] {
            group.post("findings/:uid/\(verb)") { request, context in
                let caller = try context.requireCaller()
                let stored = try await ownFinding(context.parameters.get("uid") ?? "", caller)
                try admin.require(caller, .writeFindings, Resource(kind: .finding, id: stored.uid, tenant: caller.principal.tenant), context)
                let note = try await note(request)
                _ = try await findings.setStatus(uid: stored.uid, status, note: note, at: admin.access.now())
                return try admin.encode(FindingView(try await ownFinding(stored.uid, caller)))
            }
        }
        group.get("containments") { _, context in
            let caller = try context.requireCaller()
            let tenant = caller.principal.tenant
            try admin.require(caller, .readContainments, Resource(kind: .containment, id: "*", tenant: tenant), context)
            let now = admin.access.now()
            // A quarantine has no tenant (a workload is everyone's): every tenant sees it.
            let stored = try await containments.list().filter { ($0.containment.tenant ?? tenant) == tenant }
            return try admin.encode(["data": stored.map { ContainmentView($0, now: now) }])
        }
        group.post("containments/:id/lift") { request, context in
            let caller = try context.requireCaller()
            let id = context.parameters.get("id") ?? ""
            let tenant = caller.principal.tenant
            guard let stored = try await containments.containment(id: id), (stored.containment.tenant ?? tenant) == tenant else {
                throw GatewayError(status: 404, type: "invalid_request_error", code: "not_found", message: "no containment '\(id.prefix(128))'")
            }
            try admin.require(caller, .liftContainments, Resource(kind: .containment, id: id, tenant: tenant), context)
            // A quarantine stops a workload for every tenant, so no one tenant's administrator lifts it.
            guard stored.containment.tenant != nil else {
                throw GatewayError(status: 403, type: "permission_error", code: "permission_denied",
                                   message: "a quarantine concerns every tenant: the operator lifts it with rampart containments lift")
            }
            let note = try await note(request)
            _ = try await containments.lift(id: id, by: "principal:\(caller.principal.id)", note: note, at: admin.access.now())
            board.lift(id)
            return try admin.encode(ContainmentView(try await containments.containment(id: id) ?? stored, now: admin.access.now()))
        }
    }

    /// A finding of the caller's tenant; any other answers 404, whether it exists or not.
    func ownFinding(_ uid: String, _ caller: Caller) async throws -> FindingStore.Stored {
        guard let stored = try await findings.finding(uid: uid), stored.finding.tenant == caller.principal.tenant else {
            throw GatewayError(status: 404, type: "invalid_request_error", code: "not_found", message: "no finding '\(uid.prefix(128))'")
        }
        return stored
    }
}
