import RampartCore
import RampartGateway

/// Builds the response's webhooks from `detection.webhooks`, resolving their secrets: the composition root's
/// detection part.
enum DetectionAssembly {
    static func webhooks(_ settings: DetectionResponseSettings, context: RampartContext, client: ServiceClient) throws(InputErrors) -> [String: FindingWebhook] {
        var webhooks: [String: FindingWebhook] = [:]
        let clock = context.clock
        for (index, webhook) in settings.webhooks.enumerated() {
            var secret: String?
            if let reference = webhook.secret {
                do { secret = try reference.resolve(environment: context.environment) } catch {
                    throw InputErrors(error.located(at: SourceLocation(file: context.configurationFile, keyPath: "detection.webhooks[\(index)].secret")))
                }
            }
            webhooks[webhook.name] = FindingWebhook(name: webhook.name, url: webhook.url, format: webhook.format, secret: secret, retries: webhook.retries,
                                                    client: client, now: { clock.now }, sleep: { try await Task.sleep(for: $0) })
        }
        return webhooks
    }
}
