import AsyncHTTPClient
import Foundation
import RampartAudit
import RampartCore
import RampartGateway
import RampartKeys
import RampartPolicy
import RampartPrivacy
import RampartStorage

/// `rampart keys status|rotate|retire|rewrap|shred` and `rampart artifacts encrypt|decrypt|rewrap`.
///
/// Each runs for a caller: the local operator (who may seal, rotate, rewrap and shred, never decrypt), or, with a
/// credential file, the principal its API key or OIDC token authenticates as, under the same policy as the gateway
/// (a service identity granted `key:decrypt`, or a person under break-glass with MFA, which raises an alert).
public enum KeysCommands {
    /// Runs `body` with the key hierarchy over the gateway's storage and HTTP client, both closed afterwards, acting
    /// for the local operator or for the holder of the credential in `credentialFile`, and with the process's audit
    /// trail: every use of a key is in the audit log before this returns, whether `body` succeeded or not.
    static func withHierarchy<T>(_ context: RampartContext, credentialFile: String? = nil,
                                 _ body: (KeyHierarchy, Database, OperatorTrail) async throws -> T) async throws -> T
    {
        try await GatewayServer.withResources(context: context) { client, pins, database in
            let serverSecret = try APIKeySecret.resolve(context: context)
            // With a credential, the identity parts authenticate it, and their policy engine decides for the keys too.
            let identity = try credentialFile.map { _ in
                try IdentityAssembly.parts(context: context, database: database, client: ServiceClient(pins: pins), serverSecret: serverSecret)
            }
            let usage = KeyUsageLog(logger: context.logger)
            let keys = try KeysAssembly.hierarchy(context: context, database: database, client: client, services: ServiceClient(pins: pins),
                                                  policy: identity?.access.engine, usage: usage)
            let trail = OperatorTrail(context: context, database: database, keys: keys, serverSecret: serverSecret)
            usage.sendToAudit(trail.keep)
            let result: T
            do {
                let caller = try await Self.caller(credentialFile: credentialFile, authenticator: identity?.access.authenticator, context: context)
                result = try await body(keys.acting(as: caller), database, trail)
            } catch {
                do throws(AuditError) { try await trail.flush() } catch {
                    context.logger.error("key uses not recorded", metadata: ["code": "\(error.code.rawValue)"])
                }
                throw error
            }
            try await trail.flush()
            return result
        }
    }

    /// `withHierarchy` for one change the operator makes: recorded in the audit log with its outcome.
    static func change<T>(_ action: OperatorAction, _ context: RampartContext, _ body: (KeyHierarchy, Database) async throws -> T)
        async throws -> T
    {
        try await withHierarchy(context) { keys, database, trail in
            try await trail.record(action) { _ in try await body(keys, database) }
        }
    }

    /// The local operator, or the principal the credential in the file authenticates as (by the gateway's own
    /// authenticator: API key, or OIDC token whose `amr` may prove MFA).
    static func caller(credentialFile: String?, authenticator: (any Authenticator)?, context: RampartContext) async throws -> KeyCaller {
        guard let credentialFile, let authenticator else { return .localOperator }
        let credential = try SecretReference(kind: .file, name: credentialFile).resolve(environment: context.environment)
        switch await authenticator.authenticate(PresentedCredentials(bearer: credential)) {
        case .success(let caller): return .identity(caller)
        case .failure(let failure): throw KeyError(.accessDenied, "the credential in \(credentialFile) does not authenticate (\(failure.reason))")
        }
    }

    /// Every key version: age, rotation period, and whether it is current, overdue, older, retired or destroyed.
    public static func status(tenant: String?, context: RampartContext) async throws -> CommandOutput {
        try await withHierarchy(context) { keys, _, _ in
            let now = context.clock.now
            let versions = try await keys.catalog.versions(tenant: tenant).map(keys.effective)
            let newest = KeyVersion.newest(of: versions)
            let current = Dictionary(uniqueKeysWithValues: newest.map { ($0.name, $0.version) })
            let rows = versions.map { v -> [String] in
                let state = if v.destroyed != nil { "destroyed" }
                    else if v.retired != nil { "retired" }
                    else if current[v.name] != v.version { "older (opens)" }
                    else if v.isOverdue(at: now) { "OVERDUE" }
                    else { "current" }
                return [v.tenant, v.owner, v.purpose, "v\(v.version)", "\(v.ageDays(at: now))", "\(v.rotationDays)", state,
                        v.copies.map(\.provider).joined(separator: "+")]
            }
            let overdue = newest.filter { $0.isOverdue(at: now) }.count
            return CommandOutput(TextTable.render(["TENANT", "OWNER", "PURPOSE", "VERSION", "AGE (D)", "ROTATE (D)", "STATE", "PROVIDERS"], rows)
                + "\(versions.count) key version(s); \(overdue) overdue for rotation\n")
        }
    }

    /// Rotates one key now, or every overdue key.
    public static func rotate(tenant: String?, owner: String?, purpose: String?, context: RampartContext) async throws -> CommandOutput {
        let action = OperatorAction("key.rotate", object: [
            "tenant": tenant.map(CanonicalJSON.string), "owner": owner.map(CanonicalJSON.string), "purpose": purpose.map(CanonicalJSON.string),
            "overdue": .bool(tenant == nil || owner == nil || purpose == nil),
        ].compactMapValues { $0 })
        return try await change(action, context) { keys, _ in
            if let tenant, let owner, let purpose {
                let version = try await keys.rotate(tenant: tenant, owner: owner, purpose: purpose)
                return CommandOutput("\(tenant)/\(owner)/\(purpose) is at v\(version.version); older versions still open until retired\n")
            }
            let rotated = try await keys.rotateOverdue()
            return CommandOutput(rotated.isEmpty ? "no key is overdue\n"
                : rotated.map { "\($0.tenant)/\($0.owner)/\($0.purpose) rotated to v\($0.version)\n" }.joined())
        }
    }

    /// Retires a version: nothing under it opens any more (rewrap first).
    public static func retire(tenant: String, owner: String, purpose: String, version: Int, context: RampartContext) async throws -> CommandOutput {
        let action = OperatorAction("key.retire", object: [
            "tenant": .string(tenant), "owner": .string(owner), "purpose": .string(purpose), "version": .int(Int64(version)),
        ])
        return try await change(action, context) { keys, _ in
            try await keys.retire(tenant: tenant, owner: owner, purpose: purpose, version: version)
            return CommandOutput("\(tenant)/\(owner)/\(purpose) v\(version) is retired; what is still under it no longer opens\n")
        }
    }

    /// Moves the pseudonym vault's data keys to each tenant's newest vault key, with a progress bar; resumable.
    public static func rewrap(tenant: String?, context: RampartContext, progress: @escaping @Sendable (Int64, Int64) -> Void) async throws -> CommandOutput {
        let action = OperatorAction("key.rewrap", object: ["purpose": .string("vault"), "tenant": tenant.map(CanonicalJSON.string) ?? .string("*")])
        return try await change(action, context) { keys, database in
            let records = PseudonymVault.records(in: database)
            let rewrap = KeyRewrap(keys: keys)
            var lines = ""
            let tenants = if let tenant { [tenant] } else { try await rewrap.tenants(of: records) }
            for tenant in tenants {
                let report = try await rewrap.run(records, tenant: tenant) { progress(Int64($0), Int64($1)) }
                lines += "\(tenant): \(report.rewrapped) of \(report.pending) vault value(s) moved to v\(report.version)"
                    + (report.skipped > 0 ? ", \(report.skipped) changed meanwhile (run again)" : "") + "\n"
            }
            return CommandOutput(lines.isEmpty ? "no tenant has a vault key\n" : lines)
        }
    }

    /// Destroys every key of an owner (`subject:ID` for a data subject) in every provider.
    public static func shred(owner: String, tenant: String, context: RampartContext) async throws -> CommandOutput {
        try await change(OperatorAction("key.shred", object: ["tenant": .string(tenant), "owner": .string(owner)]), context) { keys, _ in
            let count = try await keys.shred(tenant: tenant, owner: owner)
            return CommandOutput("destroyed \(count) provider key(s) of \(owner) in \(tenant); what was sealed for it now reads as erased\n")
        }
    }

    /// What `rampart artifacts` does to a file.
    public enum ArtifactOperation: String, Sendable {
        case encrypt, decrypt, rewrap

        /// What its progress bar says.
        public var progressLabel: String {
            switch self {
            case .encrypt: "encrypting"
            case .decrypt: "decrypting"
            case .rewrap: "rewrapping"
            }
        }
    }

    /// Encrypts, decrypts or rewraps a file for `owner` (`model:NAME`), with a progress bar on standard error.
    public static func artifact(_ operation: ArtifactOperation, input: String, output: String, owner: String, tenant: String, objectID: String?,
                                credentialFile: String? = nil, context: RampartContext,
                                progress: @escaping @Sendable (Int64, Int64) -> Void) async throws -> CommandOutput {
        try await withHierarchy(context, credentialFile: credentialFile) { keys, _, _ in
            // Bound to the object id given, or to "artifact": the same id must be given to decrypt.
            let object = objectID ?? "artifact"
            switch operation {
            case .encrypt:
                try await keys.encryptArtifact(input: input, output: output, tenant: tenant, owner: owner, objectID: object, progress: progress)
            case .decrypt:
                try await keys.decryptArtifact(input: input, output: output, tenant: tenant, owner: owner, objectID: object, progress: progress)
            case .rewrap:
                let version = try await keys.rewrapArtifact(input: input, output: output, tenant: tenant, owner: owner, objectID: object, progress: progress)
                return CommandOutput("rewrapped \(input) → \(output) under v\(version) of \(owner)\n")
            }
            return CommandOutput("\(operation.rawValue)ed \(input) → \(output) (\(owner), object \(object))\n")
        }
    }
}
