import RampartCore

/// Prints the effective configuration, defaults filled in, with every secret shown only as its reference.
public enum ConfigurationRenderer {
    public static func yaml(_ configuration: RampartConfiguration, environment: [String: String]) -> String {
        var lines = ["# effective configuration; secrets are shown by reference only", "storage:"]
        lines.append("  url: \(configuration.storage.url)")
        if let password = configuration.storage.password {
            let state: String
            do {
                _ = try password.resolve(environment: environment)
                state = "resolves; value redacted"
            } catch {
                state = "does NOT resolve: \(error.message)"
            }
            lines.append("  password: \(password)  # \(state)")
        }
        lines.append("logging:")
        lines.append("  level: \(configuration.logging.level.rawValue)")
        if configuration.workloads.isEmpty {
            lines.append("workloads: []")
        } else {
            lines.append("workloads:")
            lines += configuration.workloads.map { "  - \($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
