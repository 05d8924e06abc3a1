import Foundation
import RampartAudit
import RampartCore
import RampartGateway
import RampartIdentity
import RampartKeys
import RampartMatrix
import RampartPolicy

/// Rampart's real state at one moment, read once for the evidence bundle and the posture report: the Scoping Matrix
/// assessment of the configured workloads, identities and keys, the policy, the key catalog, the audit log checked
/// by the verifier, and the configuration.
struct StateSnapshot: Sendable {
    var takenAt: Date
    var configuration: RampartConfiguration
    var renderedConfiguration: String
    var assessment: AssessmentReport?
    var principals: [Principal]
    var apiKeys: [APIKeyRecord]
    var rules: [PolicyRule]
    var keyVersions: [KeyVersion]
    var overdueKeys: Int
    var auditVerification: AuditVerification
    var checkpoints: [AuditStore.StoredCheckpoint]
    var auditVerifierKey: String

    /// Reads the state (the audit log is verified in full, with a progress line per page on long logs).
    static func take(context: RampartContext, progress: @escaping @Sendable (Int64, Int64) -> Void = { _, _ in }) async throws -> StateSnapshot {
        let workloads = context.configuration.workloads
        let assessment = workloads.isEmpty ? nil : try ScopeCommands.assessment(of: workloads, context: context)
        let serverSecret = try APIKeySecret.resolve(context: context)
        let verifier = AuditAssembly.signer(serverSecret: serverSecret, origin: context.configuration.audit.origin).verifier
        return try await GatewayServer.withResources(context: context) { client, pins, database in
            let identity = try IdentityAssembly.parts(context: context, database: database, client: ServiceClient(pins: pins), serverSecret: serverSecret)
            let keys = try KeysAssembly.hierarchy(context: context, database: database, client: client, services: ServiceClient(pins: pins),
                                                  policy: identity.access.engine)
            let versions = try await keys.catalog.versions().map(keys.effective)
            let store = AuditStore(database: database)
            let total = Int64(try await store.count())
            let verification = try await AuditVerifier(store: store, verifier: verifier, trusted: [],
                                                       progress: { progress(Int64($0), max(total, Int64($0))) }).verify()
            let now = context.clock.now
            return StateSnapshot(
                takenAt: now, configuration: context.configuration,
                renderedConfiguration: ConfigurationRenderer.yaml(context.configuration, environment: context.environment),
                assessment: assessment, principals: try await identity.principals.list(tenant: nil),
                apiKeys: try await identity.apiKeys.list(tenant: nil), rules: identity.access.engine.rules, keyVersions: versions,
                overdueKeys: versions.filter { $0.isOverdue(at: now) }.count, auditVerification: verification,
                checkpoints: try await store.checkpoints(), auditVerifierKey: verifier.encoded)
        }
    }

    /// Keys that are in use (not retired or destroyed).
    var keysInUse: [KeyVersion] { keyVersions.filter { $0.retired == nil && $0.destroyed == nil } }

    /// API keys that still work.
    func activeAPIKeys() -> [APIKeyRecord] {
        apiKeys.filter { $0.revokedAt == nil && ($0.expiresAt.map { $0 > takenAt } ?? true) }
    }
}
