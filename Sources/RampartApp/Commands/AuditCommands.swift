import Foundation
public import RampartAudit
public import RampartCore
import RampartKeys
import RampartStorage

/// `rampart audit verify|prove|checkpoint|key`: checks of the audit log anyone holding the verifier key can repeat.
public enum AuditCommands {
    /// The operator's verifier key: the public half of the checkpoint signing key.
    public static func verifier(context: RampartContext) throws(InputErrors) -> NoteVerifier {
        AuditAssembly.signer(serverSecret: try APIKeySecret.resolve(context: context), origin: context.configuration.audit.origin).verifier
    }

    /// The verifier key as a string to hand to auditors.
    public static func key(context: RampartContext) throws -> CommandOutput {
        CommandOutput(try verifier(context: context).encoded + "\n")
    }

    /// Recomputes the log from storage and checks every entry and checkpoint; exit 1 naming the first bad entry.
    /// - Parameters:
    ///   - verifierKey: a verifier key string (NAME+ID+KEY) to check signatures with instead of the operator's.
    ///   - checkpointFiles: signed checkpoints kept outside the database, which also catch a rollback that
    ///     deleted the stored checkpoints.
    public static func verify(context: RampartContext, verifierKey: String?, checkpointFiles: [String], json: Bool,
                              progress: @escaping @Sendable (Int64, Int64) -> Void) async throws -> CommandOutput {
        let verifier: NoteVerifier
        do { verifier = try verifierKey.map(NoteVerifier.init(encoded:)) ?? self.verifier(context: context) } catch let error as AuditError {
            throw InputErrors(InputError(.invalidValue, error.message, at: SourceLocation(file: "command line", keyPath: "--verifier-key")))
        }
        var trusted: [SignedNote] = []
        for path in checkpointFiles {
            guard let data = FileManager.default.contents(atPath: path) else { throw InputErrors(InputError(.unreadable, "cannot read \(path)")) }
            do { trusted.append(try SignedNote(parsing: String(decoding: data, as: UTF8.self))) } catch {
                throw InputErrors(InputError(.invalidValue, "\(path): \(error.message)", at: SourceLocation(file: path)))
            }
        }
        let result = try await context.withStorage { database in
            let store = AuditStore(database: database)
            let total = Int64(try await store.count())
            return try await AuditVerifier(store: store, verifier: verifier, trusted: trusted,
                                           progress: { progress(Int64($0), max(total, Int64($0))) }).verify()
        }
        return render(result, origin: verifier.name, json: json)
    }

    static func render(_ result: AuditVerification, origin: String, json: Bool) -> CommandOutput {
        let exit: Int32 = result.passed ? 0 : 1
        if json {
            let problems: [CanonicalJSON] = result.problems.map {
                .fields(["code": .string($0.code.rawValue), "entry": $0.entry.map { .int(Int64($0)) }, "checkpoint": $0.checkpoint.map { .int(Int64($0)) },
                         "message": .string($0.message)])
            }
            let document = CanonicalJSON.fields([
                "origin": .string(origin), "passed": .bool(result.passed), "entries": .int(Int64(result.entries)), "purged": .int(Int64(result.purged)),
                "checkpoints": .int(Int64(result.checkpoints)), "latest_checkpoint": result.latestCheckpoint.map { .int(Int64($0)) },
                "unsigned": .int(Int64(result.unsigned)), "root": .string(result.root.description),
                "first_problem": result.first.map { .string($0.message) }, "problems": .array(problems), "truncated": .bool(result.truncated),
            ])
            return CommandOutput(String(decoding: document.encoded, as: UTF8.self) + "\n", exitCode: exit)
        }
        var text = "audit log \(origin): \(result.entries) entries (\(result.purged) purged), \(result.checkpoints) checkpoint(s) checked"
        text += result.latestCheckpoint.map { ", latest at \($0)" } ?? ""
        text += ", \(result.unsigned) not yet under a checkpoint\nroot \(result.root)\n"
        guard let first = result.first else { return CommandOutput(text + "OK: every entry and checkpoint verifies\n") }
        text += "FAILED: \(first.message)\n"
        for problem in result.problems where problem != first { text += "  also: \(problem.message)\n" }
        if result.truncated { text += "  (more problems not listed)\n" }
        return CommandOutput(text, exitCode: exit)
    }

    /// One entry as it reads now: its event, with the sealed personal facts shown as `sealed`, as `erased` once the
    /// subject's keys were shredded, or opened for the holder of `credentialFile` when the policy lets them decrypt
    /// (a service identity granted `key:decrypt` on `subject:*/personal`; the local operator never decrypts).
    public static func show(entry: Int, credentialFile: String?, context: RampartContext) async throws -> CommandOutput {
        guard entry >= 0 else { throw InputErrors(InputError(.invalidValue, "an entry is numbered from 0")) }
        return try await KeysCommands.withHierarchy(context, credentialFile: credentialFile) { keys, database, _ in
            guard let row = try await AuditStore(database: database).entries(after: entry - 1, limit: 1).first, row.sequence == entry else {
                throw AuditError(.noSuchEntry, "the log has no entry \(entry)")
            }
            var shown: [String: CanonicalJSON] = ["seq": .int(Int64(entry)), "leaf": .string(Hex.encode(row.leafHash))]
            guard let record = row.record else {
                shown["purged"] = .bool(true)
                return CommandOutput(String(decoding: CanonicalJSON.object(shown).encoded, as: UTF8.self) + "\n")
            }
            guard let stored = AuditEntry(record: record), case .object(var event) = try? CanonicalJSON(parsing: stored.event) else {
                throw AuditError(.inconsistent, "entry \(entry) is not a readable record (run rampart audit verify)")
            }
            if let personal = event["personal"], let tenant = personal["tenant"]?.string, let reference = personal["subject_ref"]?.string,
               let sealed = personal["sealed"]?.string, let envelope = Data(base64Encoded: sealed), let id = event["id"]?.string
            {
                event["personal"] = try await Self.reading(Array(envelope), tenant: tenant, reference: reference, objectID: "audit:\(id)",
                                                           open: credentialFile != nil, keys: keys)
            }
            shown["event"] = .object(event)
            return CommandOutput(String(decoding: CanonicalJSON.object(shown).encoded, as: UTF8.self) + "\n")
        }
    }

    /// Sealed personal facts as they read for this caller.
    static func reading(_ envelope: [UInt8], tenant: String, reference: String, objectID: String, open: Bool, keys: KeyHierarchy) async throws
        -> CanonicalJSON
    {
        var shown: [String: CanonicalJSON] = ["tenant": .string(tenant), "subject_ref": .string(reference)]
        let owner = "subject:\(reference)"
        let versions = try await keys.catalog.versions(tenant: tenant, owner: owner)
        if !versions.isEmpty, versions.allSatisfy({ $0.destroyed != nil }) {
            shown["state"] = .string("erased")
        } else if open {
            switch try await keys.openPersonal(envelope, tenant: tenant, subject: reference, objectID: objectID) {
            case .erased:
                shown["state"] = .string("erased")
            case .value(let bytes):
                shown["state"] = .string("opened")
                shown["facts"] = try CanonicalJSON(parsing: bytes)
            }
        } else {
            shown["state"] = .string("sealed")
        }
        return .object(shown)
    }

    /// An inclusion proof of `entry` in the latest signed checkpoint that covers it, with the record and the
    /// signed checkpoint, so that anyone can check it with the verifier key alone.
    public static func prove(entry: Int, context: RampartContext, json: Bool) async throws -> CommandOutput {
        try await context.withStorage { database in
            try await prove(entry: entry, store: AuditStore(database: database), origin: context.configuration.audit.origin, json: json)
        }
    }

    static func prove(entry: Int, store: AuditStore, origin: String, json: Bool) async throws -> CommandOutput {
        guard entry >= 0 else { throw InputErrors(InputError(.invalidValue, "an entry is numbered from 0")) }
        guard let stored = try await store.checkpoints().last(where: { $0.size > entry }) else {
            throw InputErrors(InputError(.invalidValue, "no signed checkpoint covers entry \(entry) yet (run `rampart audit checkpoint`)"))
        }
        let note = try SignedNote(parsing: stored.note)
        let head = try Checkpoint(body: note.text)
        var leaves: [TreeHash] = []
        leaves.reserveCapacity(head.size)
        try await store.forEachLeaf(below: head.size) { leaves.append($0) }
        guard leaves.count == head.size else { throw AuditError(.inconsistent, "the log is shorter than its checkpoint: run `rampart audit verify`") }
        let proof = MerkleTree.inclusionProof(index: entry, leaves[...])
        guard ProofVerification.inclusion(leaf: leaves[entry], index: entry, size: head.size, proof: proof, root: head.root) else {
            throw AuditError(.inconsistent, "the stored entries do not match the checkpoint at \(head.size): run `rampart audit verify`")
        }
        let record = try await store.entries(after: entry - 1, limit: 1).first?.record
        if json {
            let document = CanonicalJSON.fields([
                "origin": .string(origin), "entry": .int(Int64(entry)), "leaf_hash": .string(leaves[entry].description),
                "tree_size": .int(Int64(head.size)), "root": .string(head.root.description), "proof": .array(proof.map { .string($0.description) }),
                "checkpoint": .string(note.rendered), "record": record.map { .string(Data($0).base64EncodedString()) },
            ])
            return CommandOutput(String(decoding: document.encoded, as: UTF8.self) + "\n")
        }
        var text = "entry \(entry) of \(head.origin), in the tree of \(head.size) entries\nleaf hash \(leaves[entry])\nroot      \(head.root)\n"
        text += "proof (\(proof.count) hashes, leaf to root):\n" + proof.map { "  \($0)\n" }.joined()
        text += "signed checkpoint:\n" + note.rendered
        if record == nil { text += "(the entry's record was purged by retention; its leaf hash stands)\n" }
        return CommandOutput(text)
    }

    /// Signs a checkpoint of the log now (the gateway also signs them on its own while it runs).
    public static func checkpoint(context: RampartContext) async throws -> CommandOutput {
        try await context.withStorage { database in
            let log = try await AuditLog.open(
                store: AuditStore(database: database),
                signer: AuditAssembly.signer(serverSecret: try APIKeySecret.resolve(context: context), origin: context.configuration.audit.origin),
                logger: context.logger)
            let note = try await log.checkpoint()
            let size = await log.size
            return CommandOutput(note?.rendered ?? "the log (\(size) entries) is already under a signed checkpoint\n")
        }
    }
}
