import Foundation
import RampartCore
import RampartDetectors
public import RampartGateway
import RampartYAML

/// The `gateway` section: where it listens, its limits, its upstream deployments and the models it serves.
public struct GatewaySettings: Sendable, Hashable, Decodable {
    public var listen: ListenAddress
    public var maximumBodyBytes: Int
    public var prompt: PromptSettings
    public var deployments: [DeploymentSettings]
    public var models: [ModelSettings]
    public var resilience: ResilienceSettings
    public var tls: TLSSettings?
    /// How long a client connection may stay idle (also bounds slow-drip bodies).
    public var clientIdleTimeoutSeconds: Int
    public var aliases: [AliasSettings]
    public var limits: LimitSettings
    /// External guard services asked about each call of the workloads they cover.
    public var guards: [ExternalGuardSettings]
    /// Detector settings: canaries and injection thresholds per workload.
    public var detection: DetectionSettings
    /// Where upstream calls may go and which CAs they trust.
    public var upstream: UpstreamSettings
    /// Load balancers and proxies in front of the gateway (CIDR ranges or addresses) whose `X-Forwarded-For` names
    /// the client's network; from any other peer the header is ignored.
    public var trustedProxies: [String] = []

    public init(listen: ListenAddress = ListenAddress(host: "127.0.0.1", port: 8080), maximumBodyBytes: Int = 4 << 20,
                prompt: PromptSettings = .init(), deployments: [DeploymentSettings] = [], models: [ModelSettings] = [],
                resilience: ResilienceSettings = .init()) {
        self.listen = listen
        self.maximumBodyBytes = maximumBodyBytes
        self.prompt = prompt
        self.deployments = deployments
        self.models = models
        self.resilience = resilience
        self.tls = nil
        self.clientIdleTimeoutSeconds = 30
        self.aliases = []
        self.limits = LimitSettings()
        self.guards = []
        self.detection = DetectionSettings()
        self.upstream = UpstreamSettings()
    }

    enum CodingKeys: String, CodingKey {
        case listen, prompt, deployments, models, resilience, tls, aliases, limits, guards, detection, upstream
        case trustedProxies = "trusted_proxies"
        case clientIdleTimeoutSeconds = "client_idle_timeout_seconds"
        case maximumBodyBytes = "max_body_bytes"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = GatewaySettings()
        listen = try c.decodeIfPresent(ListenAddress.self, forKey: .listen) ?? defaults.listen
        maximumBodyBytes = try c.decodeIfPresent(Int.self, forKey: .maximumBodyBytes) ?? defaults.maximumBodyBytes
        prompt = try c.decodeIfPresent(PromptSettings.self, forKey: .prompt) ?? defaults.prompt
        deployments = try c.decodeIfPresent([DeploymentSettings].self, forKey: .deployments) ?? []
        models = try c.decodeIfPresent([ModelSettings].self, forKey: .models) ?? []
        resilience = try c.decodeIfPresent(ResilienceSettings.self, forKey: .resilience) ?? .init()
        tls = try c.decodeIfPresent(TLSSettings.self, forKey: .tls)
        clientIdleTimeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .clientIdleTimeoutSeconds) ?? 30
        aliases = try c.decodeIfPresent([AliasSettings].self, forKey: .aliases) ?? []
        limits = try c.decodeIfPresent(LimitSettings.self, forKey: .limits) ?? LimitSettings()
        guards = try c.decodeIfPresent([ExternalGuardSettings].self, forKey: .guards) ?? []
        detection = try c.decodeIfPresent(DetectionSettings.self, forKey: .detection) ?? DetectionSettings()
        upstream = try c.decodeIfPresent(UpstreamSettings.self, forKey: .upstream) ?? UpstreamSettings()
        trustedProxies = try c.decodeIfPresent([String].self, forKey: .trustedProxies) ?? []
    }

    /// Problems that need nothing but this section to see.
    func problems() -> [LocatedProblem] {
        var problems: [LocatedProblem] = []
        for (index, range) in trustedProxies.enumerated() where NetworkRange(range) == nil {
            problems.append(LocatedProblem(.invalidValue, at: ["gateway", "trusted_proxies", .index(index)],
                                           "'\(range)' is not an address or a CIDR range (10.0.0.0/8, fd00::/8)"))
        }
        let base = YAMLPath(["gateway"])
        if tls == nil, !ListenAddress.loopback.contains(listen.host) {
            problems.append(LocatedProblem(.invalidValue, at: base.key("listen"),
                                           "plain HTTP is served only on a loopback address (127.0.0.1, localhost, ::1); configure gateway.tls"))
        }
        if !(1...3600).contains(clientIdleTimeoutSeconds) {
            problems.append(LocatedProblem(.invalidValue, at: base.key("client_idle_timeout_seconds"), "must be 1 to 3600"))
        }
        if !(1024...(512 << 20)).contains(maximumBodyBytes) {
            problems.append(LocatedProblem(.invalidValue, at: base.key("max_body_bytes"), "must be 1024 to 536870912"))
        }
        problems += resilience.problems(at: base.key("resilience"))
        for (key, limit) in [("principal", limits.principal), ("workload", limits.workload), ("tenant", limits.tenant)] {
            if let limit { problems += limit.problems(at: base.key("limits").key(key)) }
        }
        problems += detection.problems(at: base.key("detection"))
        for (i, guardSettings) in guards.enumerated() {
            let path = base.key("guards").index(i)
            if let problem = DeploymentSettings.serviceURLProblem(guardSettings.url) { problems.append(LocatedProblem(.invalidValue, at: path.key("url"), problem)) }
            if !(10...60_000).contains(guardSettings.timeoutMilliseconds) {
                problems.append(LocatedProblem(.invalidValue, at: path.key("timeout_ms"), "must be 10 to 60000"))
            }
        }
        for (i, alias) in aliases.enumerated() {
            if alias.models.isEmpty {
                problems.append(LocatedProblem(.missingValue, at: base.key("aliases").index(i).key("models"), "an alias names at least one model"))
            }
            if models.contains(where: { $0.name == alias.name }) {
                problems.append(LocatedProblem(.invalidValue, at: base.key("aliases").index(i).key("name"), "'\(alias.name)' is also a model name"))
            }
            for (j, model) in alias.models.enumerated() where !models.contains(where: { $0.name == model }) {
                problems.append(LocatedProblem(.invalidValue, at: base.key("aliases").index(i).key("models").index(j), "no model '\(model)' is routed"))
            }
        }
        var names: Set<String> = []
        for (i, deployment) in deployments.enumerated() {
            let path = base.key("deployments").index(i)
            if !names.insert(deployment.name).inserted {
                problems.append(LocatedProblem(.invalidValue, at: path.key("name"), "deployment '\(deployment.name)' is defined twice"))
            }
            problems += deployment.problems(at: path)
            if let url = deployment.endpointURL, let host = URLComponents(string: url)?.host {
                if !UpstreamAddressPolicy.allowed(host, by: upstream.allowedHosts) {
                    problems.append(LocatedProblem(.invalidValue, at: path.key("base_url"), "\(host) is not in gateway.upstream.allowed_hosts"))
                }
                if let refusal = UpstreamAddressPolicy.refusal(host: host, resolved: [], allowPrivate: deployment.allowPrivateNetwork) {
                    problems.append(LocatedProblem(.invalidValue, at: path.key("base_url"), refusal))
                }
            }
        }
        var routed: Set<String> = []
        for (i, model) in models.enumerated() {
            let path = base.key("models").index(i)
            if !routed.insert(model.name).inserted {
                problems.append(LocatedProblem(.invalidValue, at: path.key("name"), "model '\(model.name)' is routed twice"))
            }
            if model.deployments.isEmpty {
                problems.append(LocatedProblem(.missingValue, at: path.key("deployments"), "a model needs at least one deployment"))
            }
            if let price = model.price { problems += price.problems(at: path.key("price")) }
            if !(1...1_000_000).contains(model.maximumOutputTokens) {
                problems.append(LocatedProblem(.invalidValue, at: path.key("max_output_tokens"), "must be 1 to 1000000"))
            }
            for (j, name) in model.deployments.enumerated() where !names.contains(name) {
                problems.append(LocatedProblem(.invalidValue, at: path.key("deployments").index(j), "no deployment is named '\(name)'"))
            }
        }
        return problems
    }
}

/// `host:port`.
public struct ListenAddress: Sendable, Hashable, Decodable, CustomStringConvertible {
    public var host: String
    public var port: Int

    static let loopback: Set<String> = ["127.0.0.1", "localhost", "::1"]

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw InputError(.invalidValue, "expected host:port, like 127.0.0.1:8080")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.init(host: host, port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// Prompt bounds.
public struct PromptSettings: Sendable, Hashable, Decodable {
    public var maximumCharacters: Int
    public var maximumTokens: Int

    public init(maximumCharacters: Int = 400_000, maximumTokens: Int = 128_000) {
        self.maximumCharacters = maximumCharacters
        self.maximumTokens = maximumTokens
    }

    enum CodingKeys: String, CodingKey {
        case maximumCharacters = "max_characters"
        case maximumTokens = "max_tokens"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maximumCharacters = try c.decodeIfPresent(Int.self, forKey: .maximumCharacters) ?? 400_000
        maximumTokens = try c.decodeIfPresent(Int.self, forKey: .maximumTokens) ?? 128_000
    }
}

/// One upstream deployment.
public struct DeploymentSettings: Sendable, Hashable, Decodable {
    public enum Kind: String, Sendable, Hashable, Decodable, CaseIterable {
        case simulator
        case openAICompatible = "openai-compatible"
        case azureOpenAI = "azure-openai"
        case anthropic
        case bedrock
        public init(from decoder: any Decoder) throws { self = try decodeClosedEnum(Self.self, from: decoder) }
    }

    public var name: String
    public var kind: Kind
    /// The provider's name as workload manifests list it.
    public var provider: String
    public var region: String
    public var model: String
    public var baseURL: String?
    public var apiKey: SecretReference?
    /// Azure OpenAI's `api-version`.
    public var apiVersion: String?
    /// Anthropic's `anthropic-version` header.
    public var anthropicVersion: String
    /// Bedrock's credentials; by default the standard AWS environment variables.
    public var awsCredentials: AWSCredentialSettings?
    public var timeoutSeconds: Int
    public var idleTimeoutSeconds: Int
    public var firstTokenDelayMilliseconds: Int
    public var tokensPerSecond: Int
    /// Whether the base URL may point at a private-network or link-local address (never at cloud metadata).
    public var allowPrivateNetwork: Bool

    enum CodingKeys: String, CodingKey {
        case name, kind, provider, region, model
        case baseURL = "base_url"
        case apiKey = "api_key"
        case apiVersion = "api_version"
        case anthropicVersion = "anthropic_version"
        case awsCredentials = "aws_credentials"
        case timeoutSeconds = "timeout_seconds"
        case idleTimeoutSeconds = "idle_timeout_seconds"
        case firstTokenDelayMilliseconds = "first_token_delay_ms"
        case tokensPerSecond = "tokens_per_second"
        case allowPrivateNetwork = "allow_private_network"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        kind = try c.decode(Kind.self, forKey: .kind)
        provider = try c.decodeIfPresent(String.self, forKey: .provider) ?? Self.defaultProvider[kind] ?? ""
        region = try c.decode(String.self, forKey: .region)
        model = try c.decode(String.self, forKey: .model)
        baseURL = try c.decodeIfPresent(String.self, forKey: .baseURL)
        apiKey = try c.decodeIfPresent(SecretReference.self, forKey: .apiKey)
        apiVersion = try c.decodeIfPresent(String.self, forKey: .apiVersion)
        anthropicVersion = try c.decodeIfPresent(String.self, forKey: .anthropicVersion) ?? "2023-06-01"
        awsCredentials = try c.decodeIfPresent(AWSCredentialSettings.self, forKey: .awsCredentials)
        timeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .timeoutSeconds) ?? 120
        idleTimeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .idleTimeoutSeconds) ?? 30
        firstTokenDelayMilliseconds = try c.decodeIfPresent(Int.self, forKey: .firstTokenDelayMilliseconds) ?? 0
        tokensPerSecond = try c.decodeIfPresent(Int.self, forKey: .tokensPerSecond) ?? 0
        allowPrivateNetwork = try c.decodeIfPresent(Bool.self, forKey: .allowPrivateNetwork) ?? false
    }

    /// The provider names kinds of one provider take when the configuration does not say.
    static let defaultProvider: [Kind: String] = [.simulator: "simulator", .azureOpenAI: "azure-openai", .anthropic: "anthropic", .bedrock: "aws-bedrock"]

    /// The URL calls go to: `base_url`, or the provider's public endpoint.
    public var endpointURL: String? {
        if let baseURL { return baseURL }
        switch kind {
        case .anthropic: return "https://api.anthropic.com"
        case .bedrock: return "https://bedrock-runtime.\(region).amazonaws.com"
        case .simulator, .openAICompatible, .azureOpenAI: return nil
        }
    }

    func problems(at path: YAMLPath) -> [LocatedProblem] {
        var problems: [LocatedProblem] = []
        func require(_ present: Bool, _ key: String, _ message: String) {
            if !present { problems.append(LocatedProblem(.missingValue, at: path.key(key), message)) }
        }
        func forbid(_ present: Bool, _ key: String, _ message: String) {
            if present { problems.append(LocatedProblem(.invalidValue, at: path.key(key), message)) }
        }
        if provider.isEmpty { problems.append(LocatedProblem(.missingValue, at: path.key("provider"), "name the provider as workloads list it")) }
        if !(1...3600).contains(timeoutSeconds) { problems.append(LocatedProblem(.invalidValue, at: path.key("timeout_seconds"), "must be 1 to 3600")) }
        if !(1...3600).contains(idleTimeoutSeconds) { problems.append(LocatedProblem(.invalidValue, at: path.key("idle_timeout_seconds"), "must be 1 to 3600")) }
        forbid(kind != .bedrock && awsCredentials != nil, "aws_credentials", "only a bedrock deployment takes aws_credentials")
        if let awsCredentials { problems += awsCredentials.problems(at: path.key("aws_credentials")) }
        forbid(kind != .azureOpenAI && apiVersion != nil, "api_version", "only an azure-openai deployment takes api_version")
        switch kind {
        case .simulator:
            forbid(baseURL != nil, "base_url", "a simulator has no base_url")
        case .openAICompatible:
            require(baseURL != nil, "base_url", "an openai-compatible deployment needs base_url")
        case .azureOpenAI:
            require(baseURL != nil, "base_url", "an azure-openai deployment needs base_url (https://RESOURCE.openai.azure.com/openai/deployments/DEPLOYMENT)")
            require(apiKey != nil, "api_key", "an azure-openai deployment needs api_key (env:NAME or file:PATH)")
            require(apiVersion != nil, "api_version", "an azure-openai deployment needs api_version, like 2024-10-21")
        case .anthropic:
            require(apiKey != nil, "api_key", "an anthropic deployment needs api_key (env:NAME or file:PATH)")
        case .bedrock:
            forbid(apiKey != nil, "api_key", "bedrock signs with AWS credentials; use aws_credentials")
            if region.wholeMatch(of: /[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]+/) == nil {
                problems.append(LocatedProblem(.invalidValue, at: path.key("region"), "a bedrock deployment needs an AWS region, like eu-west-1"))
            }
        }
        if let url = baseURL, let reason = Self.urlProblem(url) { problems.append(LocatedProblem(.invalidValue, at: path.key("base_url"), reason)) }
        return problems
    }

    /// A service's URL (a guard, a webhook, an export, an identity provider): as `urlProblem`, and never the cloud
    /// metadata service or an unspecified address, which `ServiceClient` would refuse at every call.
    static func serviceURLProblem(_ text: String) -> String? {
        if let problem = urlProblem(text) { return problem }
        guard let host = URL(string: text)?.host else { return nil }
        return UpstreamAddressPolicy.refusal(host: host, resolved: [], allowPrivate: true)
    }

    /// Plain http only to loopback; no credentials in the URL.
    static func urlProblem(_ text: String) -> String? {
        guard let url = URLComponents(string: text), let scheme = url.scheme, let host = url.host, !host.isEmpty else {
            return "expected an http(s) URL such as https://api.openai.com/v1"
        }
        if url.user != nil || url.password != nil { return "credentials do not belong in the URL; use api_key: env:NAME" }
        switch scheme {
        case "https": return nil
        case "http":
            // URLComponents keeps an IPv6 literal's brackets.
            let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
            return ListenAddress.loopback.contains(bare) ? nil : "plain http is allowed only to a loopback host; use https"
        default: return "expected http or https, not \(scheme)"
        }
    }
}

/// A model name clients ask for, the workload it belongs to, and its deployments in fallback order.
public struct ModelSettings: Sendable, Hashable, Decodable {
    public var name: String
    public var workload: String
    public var deployments: [String]
    /// What a call costs, for spend budgets; a model without a price costs nothing.
    public var price: PriceSettings?
    /// The output a call may produce when it does not say (`max_tokens`); budgets reserve for it.
    public var maximumOutputTokens: Int

    enum CodingKeys: String, CodingKey {
        case name, workload, deployments, price
        case maximumOutputTokens = "max_output_tokens"
    }

    public init(name: String, workload: String, deployments: [String]) {
        self.name = name
        self.workload = workload
        self.deployments = deployments
        self.price = nil
        self.maximumOutputTokens = 4096
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        workload = try c.decode(String.self, forKey: .workload)
        deployments = try c.decode([String].self, forKey: .deployments)
        price = try c.decodeIfPresent(PriceSettings.self, forKey: .price)
        maximumOutputTokens = try c.decodeIfPresent(Int.self, forKey: .maximumOutputTokens) ?? 4096
    }
}

/// Retries and circuit breakers for upstream calls.
public struct ResilienceSettings: Sendable, Hashable, Decodable {
    public var attempts: Int
    public var baseDelayMilliseconds: Int
    public var maximumDelayMilliseconds: Int
    public var breakerFailures: Int
    public var breakerOpenSeconds: Int

    public init(attempts: Int = 2, baseDelayMilliseconds: Int = 100, maximumDelayMilliseconds: Int = 2000,
                breakerFailures: Int = 5, breakerOpenSeconds: Int = 30) {
        self.attempts = attempts
        self.baseDelayMilliseconds = baseDelayMilliseconds
        self.maximumDelayMilliseconds = maximumDelayMilliseconds
        self.breakerFailures = breakerFailures
        self.breakerOpenSeconds = breakerOpenSeconds
    }

    enum CodingKeys: String, CodingKey {
        case attempts
        case baseDelayMilliseconds = "base_delay_ms"
        case maximumDelayMilliseconds = "max_delay_ms"
        case breakerFailures = "breaker_failures"
        case breakerOpenSeconds = "breaker_open_seconds"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ResilienceSettings()
        attempts = try c.decodeIfPresent(Int.self, forKey: .attempts) ?? defaults.attempts
        baseDelayMilliseconds = try c.decodeIfPresent(Int.self, forKey: .baseDelayMilliseconds) ?? defaults.baseDelayMilliseconds
        maximumDelayMilliseconds = try c.decodeIfPresent(Int.self, forKey: .maximumDelayMilliseconds) ?? defaults.maximumDelayMilliseconds
        breakerFailures = try c.decodeIfPresent(Int.self, forKey: .breakerFailures) ?? defaults.breakerFailures
        breakerOpenSeconds = try c.decodeIfPresent(Int.self, forKey: .breakerOpenSeconds) ?? defaults.breakerOpenSeconds
    }

    func problems(at path: YAMLPath) -> [LocatedProblem] {
        var problems: [LocatedProblem] = []
        if !(1...10).contains(attempts) { problems.append(LocatedProblem(.invalidValue, at: path.key("attempts"), "must be 1 to 10")) }
        if !(0...60_000).contains(baseDelayMilliseconds) { problems.append(LocatedProblem(.invalidValue, at: path.key("base_delay_ms"), "must be 0 to 60000")) }
        if maximumDelayMilliseconds < baseDelayMilliseconds || maximumDelayMilliseconds > 600_000 {
            problems.append(LocatedProblem(.invalidValue, at: path.key("max_delay_ms"), "must be at least base_delay_ms and at most 600000"))
        }
        if !(1...1000).contains(breakerFailures) { problems.append(LocatedProblem(.invalidValue, at: path.key("breaker_failures"), "must be 1 to 1000")) }
        if !(1...3600).contains(breakerOpenSeconds) { problems.append(LocatedProblem(.invalidValue, at: path.key("breaker_open_seconds"), "must be 1 to 3600")) }
        return problems
    }
}

/// The listener's TLS: TLS 1.3 only unless 1.2 is allowed; with `client_ca`, mutual TLS.
public struct TLSSettings: Sendable, Hashable, Decodable {
    /// The server certificate chain (PEM file).
    public var certificate: String
    /// The server's private key, by reference (`file:PATH` to a PEM file, or `env:NAME` holding the PEM).
    public var privateKey: SecretReference
    public var minimumVersion: String
    /// The CA (PEM file) that signs client certificates; set, every client must present one it signed.
    public var clientCA: String?

    enum CodingKeys: String, CodingKey {
        case certificate
        case privateKey = "private_key"
        case minimumVersion = "minimum_version"
        case clientCA = "client_ca"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        certificate = try c.decode(String.self, forKey: .certificate)
        privateKey = try c.decode(SecretReference.self, forKey: .privateKey)
        minimumVersion = try c.decodeIfPresent(String.self, forKey: .minimumVersion) ?? "1.3"
        clientCA = try c.decodeIfPresent(String.self, forKey: .clientCA)
        guard ["1.3", "1.2"].contains(minimumVersion) else {
            throw InputError(.invalidValue, "minimum_version is \"1.3\" (the default) or \"1.2\"")
        }
    }
}

/// An external guard service (`gateway.guards[]`): where it is, which workloads it covers, how long to wait, and what
/// to do when it fails. The failure mode has no default: choosing it is the operator's decision.
public struct ExternalGuardSettings: Sendable, Hashable, Decodable {
    public var name: String
    public var url: String
    public var workloads: [String]
    public var timeoutMilliseconds: Int
    public var failure: ExternalGuardStage.FailureMode
    public var apiKey: SecretReference?

    enum CodingKeys: String, CodingKey {
        case name, url, workloads, failure
        case timeoutMilliseconds = "timeout_ms", apiKey = "api_key"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        url = try c.decode(String.self, forKey: .url)
        workloads = try c.decodeIfPresent([String].self, forKey: .workloads) ?? []
        timeoutMilliseconds = try c.decodeIfPresent(Int.self, forKey: .timeoutMilliseconds) ?? 500
        failure = try c.decode(ExternalGuardStage.FailureMode.self, forKey: .failure)
        apiKey = try c.decodeIfPresent(SecretReference.self, forKey: .apiKey)
    }
}

/// `gateway.detection`: canaries in system prompts, the prompt-injection threshold per workload, and the hosts
/// images in answers may load from (per workload where one has its own).
public struct DetectionSettings: Sendable, Hashable, Decodable {
    /// Whether each workload's calls carry a canary in their system prompt, whose appearance in an answer is a leak.
    public var canaries: Bool
    /// Probability thresholds by workload name; others use the model's own.
    public var injectionThresholds: [String: Double]
    /// Hosts images in answers may load from (`*.example.com` for subdomains, `*` for any); images from others are
    /// replaced before the client renders them. Empty: none.
    public var imageHosts: [String]
    /// Hosts by workload name, in the same forms: a workload listed here reads its answers' images against its own
    /// list instead of `imageHosts` (an empty list: no host).
    public var workloadImageHosts: [String: [String]]

    public init(canaries: Bool = true, injectionThresholds: [String: Double] = [:], imageHosts: [String] = [],
                workloadImageHosts: [String: [String]] = [:]) {
        self.canaries = canaries
        self.injectionThresholds = injectionThresholds
        self.imageHosts = imageHosts
        self.workloadImageHosts = workloadImageHosts
    }

    enum CodingKeys: String, CodingKey {
        case canaries, injectionThresholds = "injection_thresholds", imageHosts = "image_hosts", workloadImageHosts = "workload_image_hosts"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        canaries = try c.decodeIfPresent(Bool.self, forKey: .canaries) ?? true
        injectionThresholds = try c.decodeIfPresent([String: Double].self, forKey: .injectionThresholds) ?? [:]
        imageHosts = try c.decodeIfPresent([String].self, forKey: .imageHosts) ?? []
        workloadImageHosts = try c.decodeIfPresent([String: [String]].self, forKey: .workloadImageHosts) ?? [:]
    }

    /// Each list's entries that are no host pattern, at their key paths under `base` (`gateway.detection`).
    func problems(at base: YAMLPath) -> [LocatedProblem] {
        var problems: [LocatedProblem] = []
        for (workload, threshold) in injectionThresholds.sorted(by: { $0.key < $1.key }) where !(0.01...0.999).contains(threshold) {
            problems.append(LocatedProblem(.invalidValue, at: base.key("injection_thresholds").key(workload), "must be 0.01 to 0.999"))
        }
        let lists = [(base.key("image_hosts"), imageHosts)]
            + workloadImageHosts.sorted { $0.key < $1.key }.map { (base.key("workload_image_hosts").key($0.key), $0.value) }
        for (path, hosts) in lists {
            for (i, entry) in hosts.enumerated() {
                if let problem = ImageHosts.problem(with: entry) { problems.append(LocatedProblem(.invalidValue, at: path.index(i), problem)) }
            }
        }
        return problems
    }
}

/// `gateway.upstream`: the hosts upstream calls may go to, and the CAs they trust.
public struct UpstreamSettings: Sendable, Hashable, Decodable {
    /// Host names deployments may use (`*.example.com` for subdomains); empty: any host that passes the address rules.
    public var allowedHosts: [String]
    /// A PEM file of CA certificates trusted for upstreams instead of the system's.
    public var caBundle: String?

    public init() {
        allowedHosts = []
        caBundle = nil
    }

    enum CodingKeys: String, CodingKey { case allowedHosts = "allowed_hosts", caBundle = "ca_bundle" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        allowedHosts = try c.decodeIfPresent([String].self, forKey: .allowedHosts) ?? []
        caBundle = try c.decodeIfPresent(String.self, forKey: .caBundle)
    }
}
