public import AsyncHTTPClient
import Foundation
public import Logging
public import RampartCore
public import RampartGateway
public import RampartMatrix
import RampartPolicy
import RampartAWS
import RampartDetectors

/// Builds the gateway's pipeline from the configuration and the workload manifests.
///
/// Every model route is checked against its workload: a route to a deployment the workload does not allow
/// (provider, model or region) is a configuration error, so no request can ever be sent there.
public enum GatewayAssembly {
    public static func pipeline(
        settings: GatewaySettings, workloads: [LoadedWorkload], environment: [String: String], client: HTTPClient,
        metrics: GatewayMetrics, logger: Logger, access: AccessControl, admission: (any CallAdmission)?, pseudonyms: (any Pseudonyms)? = nil,
        serverSecret: [UInt8] = [], pins: PinnedUpstreamClients
    ) throws(InputErrors) -> GatewayPipeline {
        var errors: [InputError] = []
        func fail(_ code: InputError.Code, _ keyPath: String, _ message: String) {
            errors.append(InputError(code, message, at: SourceLocation(file: RampartContext.configurationFile(environment), keyPath: keyPath)))
        }
        var deployments: [String: Deployment] = [:]
        var providers: [String: any ModelProvider] = [:]
        var credentialSources: [AWSCredentialSettings: AWSCredentialSource] = [:]
        for (i, setting) in settings.deployments.enumerated() {
            let path = "gateway.deployments[\(i)]"
            func secret(_ reference: SecretReference?, _ key: String) -> String {
                guard let reference else { return "" }
                do { return try reference.resolve(environment: environment) } catch {
                    fail(error.code, "\(path).\(key)", error.message)
                    return ""
                }
            }
            let url = setting.endpointURL ?? ""
            let endpoint: Deployment.Endpoint
            switch setting.kind {
            case .simulator:
                endpoint = .simulator(SimulatorSettings(firstTokenDelay: .milliseconds(setting.firstTokenDelayMilliseconds),
                                                        tokensPerSecond: setting.tokensPerSecond))
            case .openAICompatible:
                endpoint = .openAICompatible(baseURL: url, apiKey: setting.apiKey == nil ? nil : secret(setting.apiKey, "api_key"))
            case .azureOpenAI:
                endpoint = .azureOpenAI(baseURL: url, apiKey: secret(setting.apiKey, "api_key"), apiVersion: setting.apiVersion ?? "")
            case .anthropic:
                endpoint = .anthropic(baseURL: url, apiKey: secret(setting.apiKey, "api_key"), version: setting.anthropicVersion)
            case .bedrock:
                let settings = setting.awsCredentials ?? .environment
                // One STS or metadata session per credential setting, whichever deployments use it.
                if let source = credentialSources[settings] {
                    endpoint = .bedrock(baseURL: url, credentials: source)
                } else {
                    do {
                        let source = try settings.source(environment: environment, region: setting.region, client: client,
                                                         services: ServiceClient(pins: pins))
                        credentialSources[settings] = source
                        endpoint = .bedrock(baseURL: url, credentials: source)
                    } catch {
                        fail(error.code, "\(path).aws_credentials", error.message)
                        endpoint = .bedrock(baseURL: url, credentials: .fixed(AWSCredentials(accessKeyID: "", secretAccessKey: "")))
                    }
                }
            }
            // What the host name resolves to now must pass the address rules too (addresses in the URL itself
            // were checked when the configuration loaded).
            if let host = URLComponents(string: url)?.host, UpstreamAddressPolicy.classify(host) == nil {
                let resolved = UpstreamAddressPolicy.resolve(host)
                if let refusal = UpstreamAddressPolicy.refusal(host: host, resolved: resolved, allowPrivate: setting.allowPrivateNetwork) {
                    fail(.invalidValue, "\(path).base_url", refusal)
                } else if resolved.isEmpty {
                    logger.warning("upstream host does not resolve now", metadata: ["deployment": "\(setting.name)", "host": "\(host)"])
                }
            }
            providers[setting.name] = ModelProviders.provider(for: endpoint, client: client, pins: pins)
            deployments[setting.name] = Deployment(
                name: setting.name, provider: setting.provider, region: setting.region, upstreamModel: setting.model,
                endpoint: endpoint, totalTimeout: .seconds(setting.timeoutSeconds), idleTimeout: .seconds(setting.idleTimeoutSeconds),
                allowPrivateNetwork: setting.allowPrivateNetwork)
        }
        let policies = Dictionary(workloads.map { ($0.manifest.name, WorkloadPolicy($0)) }, uniquingKeysWith: { first, _ in first })
        var routes: [ModelRoute] = []
        for (i, model) in settings.models.enumerated() {
            guard let policy = policies[model.workload] else {
                fail(.invalidValue, "gateway.models[\(i)].workload", "no workload manifest is named '\(model.workload)' (see 'workloads')")
                continue
            }
            let chain = model.deployments.compactMap { deployments[$0] }
            for (j, deployment) in chain.enumerated() {
                if case .failure(let refusal) = policy.allows(deployment) {
                    fail(.invalidValue, "gateway.models[\(i)].deployments[\(j)]", "\(refusal.reason); the route would send its calls where the workload forbids")
                }
            }
            routes.append(ModelRoute(model: model.name, workload: policy, deployments: chain))
        }
        // Every workload the settings name must have a manifest. Misspelt, a workload would go without its external
        // guard, keep the model's own injection threshold, or read its answers' images against the gateway's list,
        // which may allow more: each a setting silently not applied.
        var named = settings.detection.injectionThresholds.keys.sorted().map { ("gateway.detection.injection_thresholds.\($0)", $0) }
            + settings.detection.workloadImageHosts.keys.sorted().map { ("gateway.detection.workload_image_hosts.\($0)", $0) }
        for (i, guardSettings) in settings.guards.enumerated() {
            named += guardSettings.workloads.enumerated().map { ("gateway.guards[\(i)].workloads[\($0)]", $1) }
        }
        for (keyPath, name) in named where policies[name] == nil {
            fail(.invalidValue, keyPath, "no workload manifest is named '\(name)' (see 'workloads')")
        }
        guard errors.isEmpty else { throw InputErrors(errors) }
        let aliases = Dictionary(settings.aliases.map { ($0.name, $0.models) }, uniquingKeysWith: { first, _ in first })
        switch RouteTable.build(routes, aliases: aliases) {
        case .failure(let problems):
            throw InputErrors(problems.problems.map { InputError(.invalidValue, $0, at: SourceLocation(file: "configuration", keyPath: "gateway.models")) })
        case .success(let table):
            let thresholds = settings.detection.injectionThresholds
            var stages: [any RequestStage] = [
                PromptLimits(maximumCharacters: settings.prompt.maximumCharacters, maximumEstimatedTokens: settings.prompt.maximumTokens),
                InputScanning(injectionThreshold: { thresholds[$0] }, pseudonyms: pseudonyms),
            ]
            // The canary goes in after input scanning, so the caller's text is scanned as the caller sent it.
            let canaries = CanaryPlacement(secret: serverSecret.isEmpty ? Array("rampart-canary".utf8) : serverSecret, workloads: workloads.map(\.manifest.name))
            if settings.detection.canaries { stages.append(canaries) }
            for (i, guardSettings) in settings.guards.enumerated() {
                var key: String?
                if let reference = guardSettings.apiKey {
                    do { key = try reference.resolve(environment: environment) } catch {
                        throw InputErrors(InputError(error.code, error.message, at: SourceLocation(file: RampartContext.configurationFile(environment),
                                                                                               keyPath: "gateway.guards[\(i)].api_key")))
                    }
                }
                stages.append(ExternalGuardStage(
                    guardService: HTTPExternalGuard(name: guardSettings.name, url: guardSettings.url, apiKey: key, client: ServiceClient(pins: pins)),
                    workloads: Set(guardSettings.workloads), timeout: .milliseconds(guardSettings.timeoutMilliseconds),
                    failure: guardSettings.failure, logger: logger))
            }
            // Restored values go only to callers allowed to see personal data of the workload.
            let placesCanaries = settings.detection.canaries
            // Read once: a workload with its own list, and the gateway's for every other.
            let imageHosts = ImageHosts(settings.detection.imageHosts)
            let workloadImageHosts = settings.detection.workloadImageHosts.mapValues(ImageHosts.init)
            let output = OutputScanning(canaries: { placesCanaries ? [canaries.canary(for: $0)] : [] },
                                        imageHosts: { workloadImageHosts[$0] ?? imageHosts },
                                        pseudonyms: pseudonyms, mayReveal: { call in
                access.authorize(call.caller, .revealPersonalData, call.route.resource, requestID: call.requestID).allowed
            })
            let resilience = settings.resilience
            return GatewayPipeline(
                routes: table, access: access, admission: admission, output: output, providers: providers, stages: stages, metrics: metrics, logger: logger,
                breakers: CircuitBreakers(settings: .init(failureThreshold: resilience.breakerFailures,
                                                          openDuration: .seconds(resilience.breakerOpenSeconds)), metrics: metrics),
                retry: RetrySchedule(maximumAttempts: resilience.attempts, baseDelay: .milliseconds(resilience.baseDelayMilliseconds),
                                     maximumDelay: .milliseconds(resilience.maximumDelayMilliseconds)))
        }
    }
}
