import RampartCore
import RampartDetection

/// Prints the effective configuration, defaults filled in, with every secret shown only as its reference.
public enum ConfigurationRenderer {
    public static func yaml(_ configuration: RampartConfiguration, environment: [String: String]) -> String {
        var lines = ["# effective configuration; secrets are shown by reference only", "storage:"]
        lines.append("  url: \(configuration.storage.url)")
        func reference(_ secret: SecretReference) -> String {
            do {
                _ = try secret.resolve(environment: environment)
                return "\(secret)  # resolves; value redacted"
            } catch {
                return "\(secret)  # does NOT resolve: \(error.message)"
            }
        }
        if let password = configuration.storage.password { lines.append("  password: \(reference(password))") }
        lines.append("logging:")
        lines.append("  level: \(configuration.logging.level.rawValue)")
        if configuration.workloads.isEmpty {
            lines.append("workloads: []")
        } else {
            lines.append("workloads:")
            lines += configuration.workloads.map { "  - \($0)" }
        }
        let identity = configuration.identity
        lines.append("identity:")
        lines.append("  api_key_secret: \(identity.apiKeySecret.map(reference) ?? "(SQLite only) a generated file in the data directory")")
        lines.append("  cache_seconds: \(identity.cacheSeconds)  # the bound on how long a revocation takes")
        lines.append("  policies: \(identity.policies ?? "(built-in rules only)")")
        lines.append("  mfa: {roles: [\(identity.mfa.roles.joined(separator: ", "))], classification: \(identity.mfa.classification?.rawValue ?? "none")}")
        lines.append("  oidc: [\(identity.oidc.map(\.issuer).joined(separator: ", "))]")
        lines.append("  mtls: \(identity.mtls.count) certificate mapping(s)")
        let keys = configuration.keys
        lines.append("keys:")
        lines.append("  rotation_days: \(keys.rotationDays)")
        for (key, days) in keys.rotation.sorted(by: { $0.key < $1.key }) { lines.append("  rotation \(key): \(days) days") }
        lines.append("  providers: [\(keys.providers.joined(separator: ", "))]")
        lines.append("  local: {keyring: \(keys.local.keyring), sealed by: \(keys.local.passphrase.map { "passphrase \(reference($0))" } ?? "the key file keyring.key beside it")}")
        if let kms = keys.awsKMS { lines.append("  aws_kms: {region: \(kms.region), endpoint: \(kms.endpoint ?? "public")}") }
        for (tenant, providers) in keys.tenants.sorted(by: { $0.key < $1.key }) { lines.append("  tenant \(tenant): [\(providers.joined(separator: ", "))]") }
        lines.append("audit:")
        lines.append("  origin: \(configuration.audit.origin)")
        lines.append("  checkpoint_seconds: \(configuration.audit.checkpointSeconds)")
        let retention = configuration.audit.retentionDays.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
        lines.append("  retention_days: " + (retention.isEmpty ? "none (records kept)" : "{\(retention.joined(separator: ", "))}"))
        lines.append("  export_seconds: \(configuration.audit.exportSeconds)")
        lines.append(configuration.audit.export.isEmpty ? "  export: []" : "  export:")
        for export in configuration.audit.export {
            var parts = ["name: \(export.name)", "kind: \(export.kind.rawValue)"]
            if let path = export.path { parts.append("path: \(path)") }
            if let url = export.url { parts.append("url: \(url)") }
            if let token = export.token { parts.append("token: \(token)") }
            if let address = export.address { parts.append("address: \(address)") }
            if let caFile = export.caFile { parts.append("ca_file: \(caFile)") }
            if let region = export.region { parts.append("region: \(region)") }
            if let account = export.accountID { parts.append("account_id: \(account)") }
            if let endpoint = export.endpoint { parts.append("endpoint: \(endpoint)") }
            if let credentials = export.credentials { parts.append("credentials: \(credentials.rendered)") }
            lines.append("    - {\(parts.joined(separator: ", "))}")
        }
        let detection = configuration.detection
        lines.append("detection:")
        lines.append("  interval_seconds: \(detection.intervalSeconds)")
        lines.append("  history_days: \(detection.historyDays)  # rebuilt from the log at start")
        lines.append("  rules:")
        for rule in detection.detectionRules() { lines.append("    \(rule.id): {severity: \(rule.severity.name), \(rule.trigger.parameters)}") }
        let disabled = detection.rules.filter { $0.value.enabled == false }.keys.sorted()
        if !disabled.isEmpty { lines.append("  disabled: [\(disabled.joined(separator: ", "))]") }
        lines.append(detection.webhooks.isEmpty ? "  webhooks: []" : "  webhooks:")
        for webhook in detection.webhooks {
            lines.append("    - {name: \(webhook.name), url: \(webhook.url), format: \(webhook.format.rawValue), secret: \(webhook.secret.map(reference) ?? "none (unsigned)"), retries: \(webhook.retries)}")
        }
        lines.append(detection.playbooks.isEmpty ? "  playbooks: []" : "  playbooks:")
        for playbook in detection.responsePlaybooks() {
            lines.append("    - {id: \(playbook.id)\(playbook.dryRun ? ", dry_run: true" : ""), actions: [\(playbook.actions.map(\.name).joined(separator: ", "))]}")
        }
        let posture = configuration.posture
        lines.append("posture:")
        lines.append("  retention_days: \(posture.retentionDays)")
        lines.append("  rotation_days: \(posture.rotationDays)")
        lines.append("  decrypt_allowlist: [\(posture.decryptAllowlist.joined(separator: ", "))]\(posture.decryptAllowlist.isEmpty ? "  # service principals, break-glass and service roles" : "")")
        if let aws = posture.aws {
            var parts = ["regions: [\(aws.regions.joined(separator: ", "))]"]
            if let endpoint = aws.endpoint { parts.append("endpoint: \(endpoint)") }
            if let credentials = aws.credentials { parts.append("credentials: \(credentials.rendered)") }
            lines.append("  aws: {\(parts.joined(separator: ", "))}")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
