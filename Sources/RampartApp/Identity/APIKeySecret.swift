import Foundation
import RampartCore

/// The server secret API keys are hashed under: from the configuration, or (SQLite only) a file of 32 random bytes
/// in the data directory, made once, readable by the owner only, and never replaced once it exists.
enum APIKeySecret {
    static func resolve(context: RampartContext) throws(InputErrors) -> [UInt8] {
        if let reference = context.configuration.identity.apiKeySecret {
            let location = SourceLocation(file: context.configurationFile, keyPath: "identity.api_key_secret")
            let text: String
            do { text = try reference.resolve(environment: context.environment) } catch {
                throw InputErrors(error.located(at: location))
            }
            guard text.utf8.count >= 32 else { throw InputErrors(InputError(.invalidValue, "the API key secret must be at least 32 bytes", at: location)) }
            return Array(text.utf8)
        }
        let path = URL(fileURLWithPath: context.dataDirectory).appendingPathComponent("api-key-secret").path
        do {
            return try SecretFile.readOrCreate(path: path)
        } catch {
            throw InputErrors(InputError(.unreadable, "cannot read or create the API key secret \(path): \(error)"))
        }
    }
}
