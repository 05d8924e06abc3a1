import Foundation
import RampartAudit
import RampartMatrix

/// The second seed document's summary table, filled from Rampart's real state: one row per area, each with its
/// status, the evidence that backs it and what is missing. Nothing here is asserted without a fact from the state;
/// what Rampart cannot see (or does not do yet) is listed as missing.
struct PostureReport: Sendable {
    enum Status: String, Sendable {
        case met = "Met"
        case partial = "Partial"
        case missing = "Missing"
    }

    struct Row: Sendable {
        var area: String
        var status: Status
        var evidence: [String]
        var missing: [String]
    }

    var generatedAt: Date
    var rows: [Row]

    init(_ state: StateSnapshot) {
        generatedAt = state.takenAt
        rows = [Self.identity(state), Self.network(state), Self.encryption(state), Self.detection(state), Self.logging(state),
                Self.incidentResponse(state), Self.compliance(state)]
    }

    static func row(_ area: String, evidence: [String], missing: [String], essential: Bool) -> Row {
        Row(area: area, status: missing.isEmpty ? .met : essential ? .missing : .partial, evidence: evidence, missing: missing)
    }

    static func identity(_ state: StateSnapshot) -> Row {
        let identity = state.configuration.identity
        let active = state.activeAPIKeys()
        var evidence = ["\(state.principals.filter { !$0.disabled }.count) active principals, \(state.principals.filter(\.disabled).count) disabled",
                        "\(active.count) API keys in use, \(active.filter { $0.expiresAt == nil }.count) without an expiry",
                        "\(state.rules.count) policy rules (default deny; forbid wins), \(state.rules.filter { $0.effect == .forbid }.count) of them forbids"]
        var missing: [String] = []
        if identity.mfa.roles.isEmpty && identity.mfa.classification == nil { missing.append("MFA is not required for any role or classification (identity.mfa)") }
        else { evidence.append("MFA required for roles [\(identity.mfa.roles.joined(separator: ", "))], classification \(identity.mfa.classification?.rawValue ?? "none")") }
        if identity.oidc.isEmpty { missing.append("no OIDC issuer: people authenticate with API keys only") } else { evidence.append("\(identity.oidc.count) OIDC issuer(s)") }
        if active.contains(where: { $0.expiresAt == nil }) { missing.append("API keys without an expiry") }
        return row("Identity and access", evidence: evidence, missing: missing, essential: false)
    }

    static func network(_ state: StateSnapshot) -> Row {
        let gateway = state.configuration.gateway
        var evidence: [String] = [], missing: [String] = []
        if let tls = gateway.tls {
            evidence.append("the gateway listens with TLS \(tls.minimumVersion)+\(tls.clientCA != nil ? ", client certificates required (mTLS)" : "")")
            if tls.clientCA == nil { missing.append("mutual TLS is not required of clients") }
        } else {
            missing.append("the gateway listens without TLS (gateway.tls)")
        }
        evidence.append("listens on \(gateway.listen.host):\(gateway.listen.port)")
        evidence.append("routing sends a workload's calls only to its allowed providers and regions")
        missing.append("no posture scan of the hosting network (private subnets, security groups, VPC endpoints): RampartPosture is not built yet")
        return row("Network isolation", evidence: evidence, missing: missing, essential: gateway.tls == nil)
    }

    static func encryption(_ state: StateSnapshot) -> Row {
        let keys = state.configuration.keys
        let inUse = state.keysInUse
        var evidence = ["key providers: \(keys.providers.joined(separator: ", "))", "default rotation \(keys.rotationDays) days",
                        "\(inUse.count) key versions in use, \(state.overdueKeys) overdue, \(state.keyVersions.filter { $0.destroyed != nil }.count) destroyed"]
        var missing: [String] = []
        if keys.rotationDays > 90 { missing.append("keys rotate every \(keys.rotationDays) days; the reference asks for 90 at most") }
        if state.overdueKeys > 0 { missing.append("\(state.overdueKeys) key versions are past their rotation period") }
        if !keys.providers.contains(where: { $0 != "local" }) { missing.append("no customer-managed KMS or HSM provider: keys are in the local keyring only") }
        evidence.append("prompts' personal data pseudonymized under per-tenant vault keys; personal audit facts under per-subject keys")
        return row("Encryption", evidence: evidence, missing: missing, essential: keys.rotationDays > 90 || state.overdueKeys > 0)
    }

    static func detection(_ state: StateSnapshot) -> Row {
        let workloads = state.assessment?.workloads.count ?? 0
        return row("Threat detection",
                   evidence: ["PII, secret, prompt-injection and canary detectors in the gateway's pipeline for \(workloads) assessed workloads"],
                   missing: ["anomaly detection on traffic and automated containment playbooks are not built yet",
                             "GuardDuty / Security Hub enablement is not checked (no posture scans yet)"], essential: false)
    }

    static func logging(_ state: StateSnapshot) -> Row {
        let audit = state.auditVerification
        var evidence = ["audit log \(state.configuration.audit.origin): \(audit.entries) entries (\(audit.purged) purged), \(audit.checkpoints) signed checkpoints",
                        audit.passed ? "verified in full at \(AuditEvent.timestamp(state.takenAt)): every entry and checkpoint" : "VERIFICATION FAILED: \(audit.first?.message ?? "")"]
        var missing: [String] = []
        if !audit.passed { missing.append("the audit log does not verify") }
        let exports = state.configuration.audit.export
        if exports.isEmpty { missing.append("no SIEM export (audit.export)") } else { evidence.append("exported to \(exports.map { "\($0.name) (\($0.kind.rawValue))" }.joined(separator: ", "))") }
        if state.configuration.audit.retentionDays.isEmpty { missing.append("no retention period: records are kept forever (audit.retention_days)") }
        else { evidence.append("retention: " + state.configuration.audit.retentionDays.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value) days" }.joined(separator: ", ")) }
        return row("Logging and audit", evidence: evidence, missing: missing, essential: !audit.passed)
    }

    static func incidentResponse(_ state: StateSnapshot) -> Row {
        let exports = state.configuration.audit.export
        var evidence: [String] = [], missing: [String] = []
        if exports.contains(where: { $0.kind == .awsSecurityHub }) { evidence.append("findings flow to AWS Security Hub as ASFF") }
        if exports.contains(where: { $0.kind != .awsSecurityHub }) { evidence.append("events flow to a SIEM as OCSF") }
        if exports.isEmpty { missing.append("findings do not flow anywhere: configure audit.export") }
        evidence.append("API keys and principals can be revoked at once (identity.cache_seconds \(state.configuration.identity.cacheSeconds) s); subjects erased with a signed receipt")
        missing.append("response playbooks (suspend, quarantine, notify) are not built yet")
        return row("Incident response", evidence: evidence, missing: missing, essential: exports.isEmpty)
    }

    static func compliance(_ state: StateSnapshot) -> Row {
        guard let assessment = state.assessment else {
            return row("Compliance", evidence: [], missing: ["no workloads are configured, so none is assessed against the Scoping Matrix"], essential: true)
        }
        let results = assessment.workloads.flatMap(\.results)
        let required = results.filter(\.isRequiredAndMissing).count
        let evidence = ["\(assessment.workloads.count) workloads assessed against catalog v\(assessment.catalogVersion): "
            + "\(results.filter { $0.status == .satisfied }.count) controls satisfied, \(required) required missing, "
            + "\(results.filter { $0.status == .missing && !$0.isRequiredAndMissing }.count) recommended missing"]
        let missing = assessment.workloads.filter(\.hasMissingRequired).map { workload in
            "\(workload.workload.manifest.name): \(workload.results.filter(\.isRequiredAndMissing).map(\.control.id).joined(separator: ", "))"
        }
        return row("Compliance", evidence: evidence, missing: missing, essential: required > 0)
    }

    var markdown: String {
        func cell(_ items: [String]) -> String {
            items.isEmpty ? "—" : items.map { $0.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }.joined(separator: "<br>")
        }
        var text = "# Rampart posture summary\n\nGenerated \(AuditEvent.timestamp(generatedAt)) from Rampart's state.\n\n"
        text += "| Area | Status | Evidence | Missing |\n|---|---|---|---|\n"
        for row in rows { text += "| \(row.area) | \(row.status.rawValue) | \(cell(row.evidence)) | \(cell(row.missing)) |\n" }
        return text
    }

    var html: String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
                .replacingOccurrences(of: "\"", with: "&quot;")
        }
        func list(_ items: [String]) -> String { items.isEmpty ? "—" : "<ul>" + items.map { "<li>\(escape($0))</li>" }.joined() + "</ul>" }
        var text = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Rampart posture summary</title>
            <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.4em;vertical-align:top}
            .Met{background:#dfd}.Partial{background:#ffd}.Missing{background:#fdd}</style></head><body>
            <h1>Rampart posture summary</h1><p>Generated \(escape(AuditEvent.timestamp(generatedAt))) from Rampart's state.</p>
            <table><tr><th>Area</th><th>Status</th><th>Evidence</th><th>Missing</th></tr>

            """
        for row in rows {
            text += "<tr><td>\(escape(row.area))</td><td class=\"\(row.status.rawValue)\">\(row.status.rawValue)</td><td>\(list(row.evidence))</td><td>\(list(row.missing))</td></tr>\n"
        }
        return text + "</table></body></html>\n"
    }
}
