public import RampartCore

/// `rampart config validate` and `rampart config show`.
public enum ConfigCommands {
    /// Validates a configuration file, including that its secret references resolve.
    public static func validate(path: String, environment: [String: String]) throws(InputErrors) -> CommandOutput {
        let configuration = try RampartConfiguration.load(path: path)
        if let password = configuration.storage.password {
            do {
                _ = try password.resolve(environment: environment)
            } catch {
                throw InputErrors(error.located(at: SourceLocation(file: path, keyPath: "storage.password")))
            }
        }
        return CommandOutput("\(path): valid\n")
    }

    /// The effective configuration with secrets redacted.
    public static func show(context: RampartContext) -> CommandOutput {
        CommandOutput(ConfigurationRenderer.yaml(context.configuration, environment: context.environment))
    }
}
