import Foundation
import RampartCore
import RampartDetection
import RampartYAML

/// `detection:` in `rampart.yaml` (threat detection over the audit log; the detectors that scan prompts are
/// `gateway.detection`): the detections' parameters, the webhooks findings are posted to, and the
/// playbooks that answer findings.
///
///     detection:
///       rules:
///         call.denied-burst: {threshold: 20, window_seconds: 120}
///         access.first-workload: {enabled: false}
///       webhooks:
///         - {name: oncall, url: https://hooks.example.com/rampart, format: slack, secret: env:ONCALL_SIGNING_SECRET}
///       playbooks:
///         - id: contain-injection
///           when: {rules: [injection.burst], severity_at_least: high, scopes: [1, 2]}
///           actions:
///             - {do: suspend-credential, for_seconds: 3600}
///             - {do: notify, webhook: oncall}
public struct DetectionResponseSettings: Sendable, Hashable, Decodable {
    /// Overrides of the built-in rules, by id.
    public var rules: [String: RuleSettings]
    public var webhooks: [WebhookSettings]
    public var playbooks: [PlaybookSettings]
    /// Seconds between passes over the audit log while the gateway serves.
    public var intervalSeconds: Double
    /// Days of the log the detections' state (baselines, histories) is rebuilt from when the gateway starts.
    public var historyDays: Int

    enum CodingKeys: String, CodingKey {
        case rules, webhooks, playbooks
        case intervalSeconds = "interval_seconds"
        case historyDays = "history_days"
    }

    public init(rules: [String: RuleSettings] = [:], webhooks: [WebhookSettings] = [], playbooks: [PlaybookSettings] = [], intervalSeconds: Double = 1,
                historyDays: Int = 14) {
        self.rules = rules
        self.webhooks = webhooks
        self.playbooks = playbooks
        self.intervalSeconds = intervalSeconds
        self.historyDays = historyDays
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rules = try c.decodeIfPresent([String: RuleSettings].self, forKey: .rules) ?? [:]
        webhooks = try c.decodeIfPresent([WebhookSettings].self, forKey: .webhooks) ?? []
        playbooks = try c.decodeIfPresent([PlaybookSettings].self, forKey: .playbooks) ?? []
        intervalSeconds = try c.decodeIfPresent(Double.self, forKey: .intervalSeconds) ?? 1
        historyDays = try c.decodeIfPresent(Int.self, forKey: .historyDays) ?? 14
    }

    /// A built-in rule's parameters; those not given keep their defaults.
    public struct RuleSettings: Sendable, Hashable, Decodable {
        public var enabled: Bool?
        public var severity: String?
        public var threshold: Int?
        public var windowSeconds: Int?
        public var cooldownSeconds: Int?
        public var warmUpSeconds: Int?
        public var minimumCompletionTokens: Int?
        /// Baselines: standard deviations, times the mean, and the least count above which an hour is a spike; hours
        /// of the slot seen before one can be.
        public var deviations: Double?
        public var factor: Double?
        public var minimum: Int?
        public var warmUpHours: Int?
        /// An unusual hour: a slot's mean requests below this is idle.
        public var below: Double?
        /// Near-duplicate prompts: signature bits that may differ.
        public var distance: Int?

        enum CodingKeys: String, CodingKey {
            case enabled, severity, threshold, deviations, factor, minimum, below, distance
            case windowSeconds = "window_seconds"
            case cooldownSeconds = "cooldown_seconds"
            case warmUpSeconds = "warm_up_seconds"
            case minimumCompletionTokens = "min_completion_tokens"
            case warmUpHours = "warm_up_hours"
        }
    }

    /// Where findings are posted: a chat or paging tool's incoming webhook, or a ticketing system's.
    public struct WebhookSettings: Sendable, Hashable, Decodable {
        public enum Format: String, Sendable, Hashable, Decodable, CaseIterable {
            /// `{"text": ..., "finding": {...}}`: Slack, Mattermost, Rocket.Chat and most incoming webhooks.
            case slack
            /// PagerDuty Events API v2; `secret` is the routing key.
            case pagerduty
            /// A ticket: `{"title", "description", "severity", "labels", "finding"}`.
            case ticket

            public init(from decoder: any Decoder) throws { self = try decodeClosedEnum(Self.self, from: decoder) }
        }

        public var name: String
        public var url: String
        public var format: Format
        /// Signs each body (`x-rampart-signature: t=UNIX,v1=HMAC-SHA256(secret, "UNIX.BODY")`); for `pagerduty`, the
        /// routing key. By reference.
        public var secret: SecretReference?
        /// Attempts after the first, with backoff, on a network failure, a 429 or a 5xx.
        public var retries: Int

        enum CodingKeys: String, CodingKey { case name, url, format, secret, retries }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            url = try c.decode(String.self, forKey: .url)
            format = try c.decodeIfPresent(Format.self, forKey: .format) ?? .slack
            secret = try c.decodeIfPresent(SecretReference.self, forKey: .secret)
            retries = try c.decodeIfPresent(Int.self, forKey: .retries) ?? 3
        }
    }

    public struct PlaybookSettings: Sendable, Hashable, Decodable {
        public var id: String
        public var when: ConditionSettings
        public var actions: [ActionSettings]
        public var dryRun: Bool

        enum CodingKeys: String, CodingKey {
            case id, when, actions
            case dryRun = "dry_run"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            when = try c.decodeIfPresent(ConditionSettings.self, forKey: .when) ?? ConditionSettings()
            actions = try c.decode([ActionSettings].self, forKey: .actions)
            dryRun = try c.decodeIfPresent(Bool.self, forKey: .dryRun) ?? false
        }
    }

    public struct ConditionSettings: Sendable, Hashable, Decodable {
        public var rules: [String]?
        public var severityAtLeast: String?
        public var scopes: [Int]?
        public var tenants: [String]?

        enum CodingKeys: String, CodingKey {
            case rules, scopes, tenants
            case severityAtLeast = "severity_at_least"
        }

        init() {}
    }

    /// One step: `do` names the action; the other keys are its parameters.
    public struct ActionSettings: Sendable, Hashable, Decodable {
        public var action: String
        public var forSeconds: Int?
        public var requestsPerMinute: Int?
        public var webhook: String?

        enum CodingKeys: String, CodingKey {
            case action = "do"
            case forSeconds = "for_seconds"
            case requestsPerMinute = "requests_per_minute"
            case webhook
        }
    }
}

extension DetectionResponseSettings {
    static let actionNames = ["suspend-principal", "suspend-credential", "quarantine-workload", "tighten-rate-limit", "require-mfa", "notify", "ticket"]

    /// The built-in rules with the configured parameters, without those disabled.
    func detectionRules() -> [DetectionRule] {
        BuiltinDetections.rules.compactMap { rule in
            guard let settings = rules[rule.id] else { return rule }
            if settings.enabled == false { return nil }
            var rule = rule
            if let name = settings.severity, let severity = Self.severity(name) { rule.severity = severity }
            func seconds(_ value: Int?, _ current: Duration) -> Duration { value.map { .seconds($0) } ?? current }
            func match(_ match: EventMatch) -> EventMatch {
                var match = match
                if let tokens = settings.minimumCompletionTokens { match.minimumCompletionTokens = tokens }
                return match
            }
            switch rule.trigger {
            case .burst(let m, let subject, let threshold, let window):
                rule.trigger = .burst(match(m), by: subject, threshold: settings.threshold ?? threshold, window: seconds(settings.windowSeconds, window))
            case .each(let m, let subject, let cooldown):
                rule.trigger = .each(match(m), by: subject, cooldown: seconds(settings.cooldownSeconds, cooldown))
            case .firstSeen(let m, let novelty, let warmUp):
                rule.trigger = .firstSeen(match(m), of: novelty, warmUp: seconds(settings.warmUpSeconds, warmUp))
            case .spike(let m, let measure, let deviations, let factor, let minimum, let warmUp):
                rule.trigger = .spike(match(m), measure: measure, deviations: settings.deviations ?? deviations, factor: settings.factor ?? factor,
                                      minimum: settings.minimum ?? minimum, warmUp: settings.warmUpHours ?? warmUp)
            case .unusualHour(let m, let below, let warmUp):
                rule.trigger = .unusualHour(match(m), below: settings.below ?? below, warmUp: settings.warmUpHours ?? warmUp)
            case .nearDuplicates(let m, let threshold, let window, let distance):
                rule.trigger = .nearDuplicates(match(m), threshold: settings.threshold ?? threshold, window: seconds(settings.windowSeconds, window),
                                               distance: settings.distance ?? distance)
            }
            return rule
        }
    }

    /// The playbooks as the response runs them (after `problems()` found none).
    func responsePlaybooks() -> [Playbook] {
        playbooks.map { settings in
            let when = Playbook.Condition(
                rules: settings.when.rules.map(Set.init), minimumSeverity: settings.when.severityAtLeast.flatMap(Self.severity) ?? .informational,
                scopes: settings.when.scopes.map(Set.init), tenants: settings.when.tenants.map(Set.init))
            let actions: [Playbook.Action] = settings.actions.compactMap { action in
                let duration = action.forSeconds.map { Duration.seconds($0) }
                switch action.action {
                case "suspend-principal": return .suspendPrincipal(duration: duration)
                case "suspend-credential": return .suspendCredential(duration: duration)
                case "quarantine-workload": return .quarantineWorkload(duration: duration)
                case "tighten-rate-limit": return .tightenRateLimit(requestsPerMinute: action.requestsPerMinute ?? 1, duration: duration)
                case "require-mfa": return .requireMFA(duration: duration)
                case "notify": return .notify(webhook: action.webhook ?? "")
                case "ticket": return .ticket(webhook: action.webhook ?? "")
                default: return nil
                }
            }
            return Playbook(id: settings.id, when: when, actions: actions, dryRun: settings.dryRun)
        }
    }

    static func severity(_ name: String) -> DetectionRule.Severity? {
        DetectionRule.Severity.allCases.first { $0.name == name }
    }

    func problems() -> [LocatedProblem] {
        let base = YAMLPath().key("detection")
        var problems: [LocatedProblem] = []
        let severities = DetectionRule.Severity.allCases.map(\.name).joined(separator: ", ")
        if !(0.1...60).contains(intervalSeconds) {
            problems.append(LocatedProblem(.invalidValue, at: base.key("interval_seconds"), "must be 0.1 to 60"))
        }
        if !(0...90).contains(historyDays) {
            problems.append(LocatedProblem(.invalidValue, at: base.key("history_days"), "must be 0 to 90"))
        }
        let known = Dictionary(uniqueKeysWithValues: BuiltinDetections.rules.map { ($0.id, $0) })
        for (id, settings) in rules.sorted(by: { $0.key < $1.key }) {
            let at = base.key("rules").key(id)
            guard let rule = known[id] else {
                problems.append(LocatedProblem(.invalidValue, at: at, "'\(id)' is not a detection (\(known.keys.sorted().joined(separator: ", ")))"))
                continue
            }
            if let name = settings.severity, Self.severity(name) == nil {
                problems.append(LocatedProblem(.invalidValue, at: at.key("severity"), "'\(name)' is not a severity (\(severities))"))
            }
            func positive(_ value: Int?, _ key: String, appliesTo applies: Bool, _ what: String) {
                guard let value else { return }
                if !applies {
                    problems.append(LocatedProblem(.invalidValue, at: at.key(key), "\(id) has no \(what)"))
                } else if !(1...31_536_000).contains(value) {
                    problems.append(LocatedProblem(.invalidValue, at: at.key(key), "must be 1 to 31536000"))
                }
            }
            var isBurst = false, isEach = false, isFirst = false, isSpike = false, isHour = false, isDuplicate = false
            switch rule.trigger {
            case .burst: isBurst = true
            case .each: isEach = true
            case .firstSeen: isFirst = true
            case .spike: isSpike = true
            case .unusualHour: isHour = true
            case .nearDuplicates: isDuplicate = true
            }
            positive(settings.threshold, "threshold", appliesTo: isBurst || isDuplicate, "threshold")
            positive(settings.windowSeconds, "window_seconds", appliesTo: isBurst || isDuplicate, "window")
            positive(settings.cooldownSeconds, "cooldown_seconds", appliesTo: isEach, "cooldown (it is not raised per event)")
            positive(settings.warmUpSeconds, "warm_up_seconds", appliesTo: isFirst, "warm-up in seconds")
            positive(settings.warmUpHours, "warm_up_hours", appliesTo: isSpike || isHour, "warm-up in hours (it keeps no baseline)")
            positive(settings.minimum, "minimum", appliesTo: isSpike, "minimum (it is not a spike)")
            positive(settings.minimumCompletionTokens, "min_completion_tokens", appliesTo: rule.match.minimumCompletionTokens != nil, "completion size")
            if let distance = settings.distance {
                if !isDuplicate {
                    problems.append(LocatedProblem(.invalidValue, at: at.key("distance"), "\(id) compares no prompts"))
                } else if !(0...32).contains(distance) {
                    problems.append(LocatedProblem(.invalidValue, at: at.key("distance"), "must be 0 to 32 bits"))
                }
            }
            for (key, value, applies, range) in [("deviations", settings.deviations, isSpike, 0.5...20.0), ("factor", settings.factor, isSpike, 1.0...100.0),
                                                 ("below", settings.below, isHour, 0.0...10.0)] {
                guard let value else { continue }
                if !applies {
                    problems.append(LocatedProblem(.invalidValue, at: at.key(key), "\(id) has no \(key)"))
                } else if !range.contains(value) {
                    problems.append(LocatedProblem(.invalidValue, at: at.key(key), "must be \(range.lowerBound) to \(range.upperBound)"))
                }
            }
        }
        var webhookNames: Set<String> = []
        for (index, webhook) in webhooks.enumerated() {
            let at = base.key("webhooks").index(index)
            problems += Self.nameProblems(webhook.name, at: at.key("name"), of: "webhook", seen: &webhookNames)
            if let problem = DeploymentSettings.serviceURLProblem(webhook.url) { problems.append(LocatedProblem(.invalidValue, at: at.key("url"), problem)) }
            if webhook.format == .pagerduty, webhook.secret == nil {
                problems.append(LocatedProblem(.missingValue, at: at.key("secret"), "a pagerduty webhook needs its routing key (env:NAME or file:PATH)"))
            }
            if !(0...10).contains(webhook.retries) { problems.append(LocatedProblem(.invalidValue, at: at.key("retries"), "must be 0 to 10")) }
        }
        var playbookIDs: Set<String> = []
        for (index, playbook) in playbooks.enumerated() {
            let at = base.key("playbooks").index(index)
            problems += Self.nameProblems(playbook.id, at: at.key("id"), of: "playbook", seen: &playbookIDs)
            for (i, rule) in (playbook.when.rules ?? []).enumerated() where known[rule] == nil {
                problems.append(LocatedProblem(.invalidValue, at: at.key("when").key("rules").index(i), "'\(rule)' is not a detection"))
            }
            if let name = playbook.when.severityAtLeast, Self.severity(name) == nil {
                problems.append(LocatedProblem(.invalidValue, at: at.key("when").key("severity_at_least"), "'\(name)' is not a severity (\(severities))"))
            }
            for (i, scope) in (playbook.when.scopes ?? []).enumerated() where !(1...5).contains(scope) {
                problems.append(LocatedProblem(.invalidValue, at: at.key("when").key("scopes").index(i), "a Scoping Matrix scope is 1 to 5"))
            }
            if playbook.actions.isEmpty { problems.append(LocatedProblem(.missingValue, at: at.key("actions"), "a playbook needs at least one action")) }
            for (i, action) in playbook.actions.enumerated() {
                problems += action.problems(at: at.key("actions").index(i), webhooks: webhookNames)
            }
        }
        return problems
    }
}

extension DetectionResponseSettings {
    /// A webhook's name or a playbook's id: one word, used once.
    static func nameProblems(_ name: String, at path: YAMLPath, of what: String, seen: inout Set<String>) -> [LocatedProblem] {
        if name.isEmpty || name.contains(where: { $0.isWhitespace }) { return [LocatedProblem(.invalidValue, at: path, "a \(what)'s name is one word")] }
        guard seen.insert(name).inserted else { return [LocatedProblem(.invalidValue, at: path, "another \(what) is named \(name)")] }
        return []
    }
}

extension DetectionResponseSettings.ActionSettings {
    func problems(at base: YAMLPath, webhooks: Set<String>) -> [LocatedProblem] {
        guard DetectionResponseSettings.actionNames.contains(action) else {
            return [LocatedProblem(.invalidValue, at: base.key("do"), "'\(action)' is not an action (\(DetectionResponseSettings.actionNames.joined(separator: ", ")))")]
        }
        var problems: [LocatedProblem] = []
        let sends = action == "notify" || action == "ticket"
        if sends {
            if let webhook {
                if !webhooks.contains(webhook) {
                    problems.append(LocatedProblem(.invalidValue, at: base.key("webhook"), "no webhook is named \(webhook) in detection.webhooks"))
                }
            } else {
                problems.append(LocatedProblem(.missingValue, at: base.key("webhook"), "\(action) needs the name of a webhook from detection.webhooks"))
            }
            if forSeconds != nil { problems.append(LocatedProblem(.invalidValue, at: base.key("for_seconds"), "\(action) does not last; for_seconds is for containments")) }
        } else if webhook != nil {
            problems.append(LocatedProblem(.invalidValue, at: base.key("webhook"), "\(action) sends nothing; webhook is for notify and ticket"))
        }
        if let forSeconds, !(1...31_536_000).contains(forSeconds) {
            problems.append(LocatedProblem(.invalidValue, at: base.key("for_seconds"), "must be 1 to 31536000"))
        }
        if action == "tighten-rate-limit" {
            if let rate = requestsPerMinute {
                if !(1...1_000_000).contains(rate) { problems.append(LocatedProblem(.invalidValue, at: base.key("requests_per_minute"), "must be 1 to 1000000")) }
            } else {
                problems.append(LocatedProblem(.missingValue, at: base.key("requests_per_minute"), "tighten-rate-limit needs requests_per_minute"))
            }
        } else if requestsPerMinute != nil {
            problems.append(LocatedProblem(.invalidValue, at: base.key("requests_per_minute"), "requests_per_minute is for tighten-rate-limit"))
        }
        return problems
    }
}
