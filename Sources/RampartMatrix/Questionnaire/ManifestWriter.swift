import Foundation

/// Writes a workload manifest as YAML that `ManifestLoader` reads back to the same value.
public enum ManifestWriter {
    public static func yaml(_ manifest: WorkloadManifest) -> String {
        var lines: [String] = []
        lines.append("name: \(quoted(manifest.name))")
        lines.append("owner: \(quoted(manifest.owner))")
        if let description = manifest.description { lines.append("description: \(quoted(description))") }
        if let scope = manifest.scope { lines.append("scope: \(scope.number)") }
        if let answers = manifest.answers {
            lines.append("answers:")
            if let value = answers.access { lines.append("  access: \(value.rawValue)") }
            if let value = answers.vendorAgreement { lines.append("  vendor_agreement: \(value)") }
            if let value = answers.modelCustomization { lines.append("  model_customization: \(value.rawValue)") }
            if let value = answers.modelOwner { lines.append("  model_owner: \(value.rawValue)") }
            if let value = answers.trainingData { lines.append("  training_data: \(value.rawValue)") }
        }
        if !manifest.providers.isEmpty {
            lines.append("providers:")
            for provider in manifest.providers {
                lines.append("  - name: \(quoted(provider.name))")
                if !provider.models.isEmpty { lines.append("    models: [\(provider.models.map(quoted).joined(separator: ", "))]") }
            }
        }
        lines.append("data:")
        lines.append("  classification: \(manifest.data.classification.rawValue)")
        if !manifest.data.kinds.isEmpty { lines.append("  kinds: [\(manifest.data.kinds.map(\.rawValue).joined(separator: ", "))]") }
        if let training = manifest.trainingData {
            lines.append("training_data:")
            lines.append("  classification: \(training.classification.rawValue)")
            if !training.kinds.isEmpty { lines.append("  kinds: [\(training.kinds.map(\.rawValue).joined(separator: ", "))]") }
        }
        if !manifest.regions.isEmpty { lines.append("regions: [\(manifest.regions.map(quoted).joined(separator: ", "))]") }
        lines.append("users: \(manifest.users.rawValue)")
        if manifest.retrieval { lines.append("retrieval: true") }
        if !manifest.attestations.isEmpty {
            lines.append("attestations:")
            for attestation in manifest.attestations {
                lines.append("  - control: \(quoted(attestation.control))")
                lines.append("    by: \(quoted(attestation.by))")
                lines.append("    date: \(attestation.date.formatted(Date.ISO8601FormatStyle().year().month().day()))")
                lines.append("    evidence: \(quoted(attestation.evidence))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A double-quoted YAML scalar with every character that needs it escaped.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\x%02X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
