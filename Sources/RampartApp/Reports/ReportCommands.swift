import Foundation
import RampartAudit
import RampartCore
import RampartMatrix
import RampartPrivacy

/// `rampart report evidence|verify|posture`: evidence for auditors, from Rampart's real state.
public enum ReportCommands {
    /// The evidence key: another key than the log's and the receipts', under `ORIGIN/evidence`.
    static func signer(context: RampartContext) throws -> NoteSigner {
        AuditAssembly.evidenceSigner(serverSecret: try APIKeySecret.resolve(context: context), origin: context.configuration.audit.origin)
    }

    /// Writes the evidence bundle to the new directory `output`: whole (written beside it, then renamed) or not at all.
    public static func evidence(output: String, context: RampartContext, progress: @escaping @Sendable (Int64, Int64) -> Void) async throws -> CommandOutput {
        let target = URL(fileURLWithPath: output)
        guard !FileManager.default.fileExists(atPath: target.path) else {
            throw InputErrors(InputError(.invalidValue, "\(output) exists; an evidence bundle goes to a new directory"))
        }
        let state = try await StateSnapshot.take(context: context, progress: progress)
        let files = try bundleFiles(state)
        let manifest = EvidenceManifest(origin: context.configuration.audit.origin, generatedAt: state.takenAt, files: files)
        let note = try signer(context: context).sign(manifest.text)
        let staging = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
            for (name, bytes) in files { try Data(bytes).write(to: staging.appendingPathComponent(name)) }
            try Data(note.rendered.utf8).write(to: staging.appendingPathComponent(EvidenceManifest.fileName))
            try FileManager.default.moveItem(at: staging, to: target)
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
        return CommandOutput("evidence bundle written to \(output): \(files.count) files and a signed MANIFEST "
            + "(check it with rampart report verify \(output); the key: rampart report key)\n")
    }

    /// The verifier key of evidence bundles.
    public static func key(context: RampartContext) throws -> CommandOutput { CommandOutput(try signer(context: context).verifier.encoded + "\n") }

    /// Checks a bundle: its manifest's signature, and every file against it.
    public static func verify(directory: String, verifierKey: String?, context: RampartContext) throws -> CommandOutput {
        let folder = URL(fileURLWithPath: directory)
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(EvidenceManifest.fileName).path) else {
            throw InputErrors(InputError(.unreadable, "\(directory) has no MANIFEST"))
        }
        let note: SignedNote, verifier: NoteVerifier
        do {
            note = try SignedNote(parsing: String(decoding: data, as: UTF8.self))
            verifier = try verifierKey.map(NoteVerifier.init(encoded:)) ?? signer(context: context).verifier
        } catch let error as AuditError {
            throw InputErrors(InputError(.invalidValue, "\(directory)/MANIFEST: \(error.message)"))
        }
        guard verifier.verifies(note), let manifest = EvidenceManifest(text: note.text) else {
            return CommandOutput("FAILED: the MANIFEST is not signed by \(verifier.name)'s key, or is not a manifest\n", exitCode: 1)
        }
        let problems = manifest.problems(in: folder)
        guard problems.isEmpty else { return CommandOutput(problems.map { "FAILED: \($0)\n" }.joined(), exitCode: 1) }
        return CommandOutput("OK: \(manifest.entries.count) files as signed by \(verifier.name) at \(AuditEvent.timestamp(manifest.generatedAt))\n")
    }

    /// The posture summary as Markdown or HTML.
    public static func posture(html: Bool, context: RampartContext, progress: @escaping @Sendable (Int64, Int64) -> Void) async throws -> CommandOutput {
        let report = PostureReport(try await StateSnapshot.take(context: context, progress: progress))
        return CommandOutput(html ? report.html : report.markdown)
    }

    static func bundleFiles(_ state: StateSnapshot) throws -> [(name: String, bytes: [UInt8])] {
        func json(_ value: CanonicalJSON) -> [UInt8] { value.encoded + [0x0A] }
        let time = { (date: Date?) in date.map { CanonicalJSON.string(AuditEvent.timestamp($0)) } }
        var files: [(String, [UInt8])] = []
        if let assessment = state.assessment { files.append(("controls.json", Array(AssessmentRenderer.render(assessment, as: .json).utf8))) }
        files.append(("configuration.yaml", Array(state.renderedConfiguration.utf8)))
        let audit = state.auditVerification
        files.append(("audit.json", json(.fields([
            "origin": .string(state.configuration.audit.origin), "verifier_key": .string(state.auditVerifierKey), "passed": .bool(audit.passed),
            "entries": .int(Int64(audit.entries)), "purged": .int(Int64(audit.purged)), "checkpoints": .int(Int64(audit.checkpoints)),
            "root": .string(audit.root.description), "first_problem": audit.first.map { .string($0.message) },
        ]))))
        files.append(("audit-checkpoints.txt", Array(state.checkpoints.map(\.note).joined(separator: "\n").utf8)))
        files.append(("key-rotation.json", json(.array(state.keyVersions.map { version in
            .fields(["tenant": .string(version.tenant), "owner": .string(version.owner), "purpose": .string(version.purpose), "version": .int(Int64(version.version)),
                     "providers": .array(version.copies.map { .string($0.provider) }), "rotation_days": .int(Int64(version.rotationDays)),
                     "created": time(version.created), "retired": time(version.retired), "destroyed": time(version.destroyed),
                     "overdue": .bool(version.isOverdue(at: state.takenAt))])
        }))))
        files.append(("access-policy.json", json(.fields([
            "rules": .array(state.rules.map { .object(["id": .string($0.id), "effect": .string($0.effect.rawValue), "description": .string($0.description),
                                                       "actions": .array($0.actions.map { .string($0.description) }), "alert": .bool($0.alert)]) }),
            // People are counted by role, not named: the bundle leaves the building.
            "principals": .array(state.principals.map { principal in
                .fields(["id": principal.kind == .user ? nil : .string(principal.id), "kind": .string(principal.kind.rawValue), "tenant": .string(principal.tenant),
                         "roles": .array(principal.roles.sorted().map(CanonicalJSON.string)), "disabled": .bool(principal.disabled)])
            }),
            "api_keys": .array(state.apiKeys.map { key in
                .fields(["id": .string(key.id), "tenant": .string(key.tenant), "created": time(key.createdAt), "expires": time(key.expiresAt),
                         "revoked": time(key.revokedAt), "last_used": time(key.lastUsedAt)])
            }),
        ]))))
        let retention = state.configuration.audit.retentionDays.sorted { $0.key < $1.key }
        files.append(("retention.json", json(.object([
            "audit_retention_days": .object(Dictionary(uniqueKeysWithValues: retention.map { ($0.key, CanonicalJSON.int(Int64($0.value))) })),
            "pseudonym_time_to_live_seconds": .int(Int64(PseudonymVault.defaultTimeToLive)), "erasure": .string("rampart subjects erase: keys shredded, vault entries deleted, signed receipt"),
        ]))))
        files.append(("posture.md", Array(PostureReport(state).markdown.utf8)))
        return files
    }
}
