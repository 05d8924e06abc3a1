import Foundation
import RampartCore
import RampartKeys
import RampartStorage

/// `rampart keys status|rotate|shred` and `rampart artifacts encrypt|decrypt`.
public enum KeysCommands {
    /// Runs `body` with the key hierarchy over the gateway's storage and HTTP client, both closed afterwards.
    static func withHierarchy(_ context: RampartContext, _ body: (KeyHierarchy) async throws -> CommandOutput) async throws -> CommandOutput {
        try await GatewayServer.withResources(context: context) { client, database in
            try await body(try KeysAssembly.hierarchy(context: context, database: database, client: client))
        }
    }

    /// Every key version: age, rotation period, and whether it is current, overdue, older, retired or destroyed.
    public static func status(tenant: String?, context: RampartContext) async throws -> CommandOutput {
        try await withHierarchy(context) { keys in
            let now = context.clock.now
            let versions = try await keys.catalog.versions(tenant: tenant)
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
        try await withHierarchy(context) { keys in
            if let tenant, let owner, let purpose {
                let version = try await keys.rotate(tenant: tenant, owner: owner, purpose: purpose)
                return CommandOutput("\(tenant)/\(owner)/\(purpose) is at v\(version.version); older versions still open until retired\n")
            }
            let rotated = try await keys.rotateOverdue()
            return CommandOutput(rotated.isEmpty ? "no key is overdue\n"
                : rotated.map { "\($0.tenant)/\($0.owner)/\($0.purpose) rotated to v\($0.version)\n" }.joined())
        }
    }

    /// Destroys every key of an owner (`subject:ID` for a data subject) in every provider.
    public static func shred(owner: String, tenant: String, context: RampartContext) async throws -> CommandOutput {
        try await withHierarchy(context) { keys in
            let count = try await keys.shred(tenant: tenant, owner: owner)
            return CommandOutput("destroyed \(count) provider key(s) of \(owner) in \(tenant); what was sealed for it now reads as erased\n")
        }
    }

    /// Encrypts or decrypts a file for `owner` (`model:NAME`), with a progress bar on standard error.
    public static func artifact(encrypt: Bool, input: String, output: String, owner: String, tenant: String, objectID: String?,
                                context: RampartContext, progress: @escaping @Sendable (Int64, Int64) -> Void) async throws -> CommandOutput {
        try await withHierarchy(context) { keys in
            // Bound to the object id given, or to "artifact": the same id must be given to decrypt.
            let object = objectID ?? "artifact"
            if encrypt {
                try await keys.encryptArtifact(input: input, output: output, tenant: tenant, owner: owner, objectID: object, progress: progress)
            } else {
                try await keys.decryptArtifact(input: input, output: output, tenant: tenant, owner: owner, objectID: object, progress: progress)
            }
            return CommandOutput("\(encrypt ? "encrypted" : "decrypted") \(input) → \(output) (\(owner), object \(object))\n")
        }
    }
}
