/// The detections Rampart runs unless configured otherwise: abuse it can see at the source, each with parameters
/// chosen to stay quiet on ordinary traffic (a test replays a long benign period and expects nothing).
public enum BuiltinDetections {
    public static let rules: [DetectionRule] = [
        DetectionRule(
            id: "auth.failure-burst", severity: .high,
            description: "Many refused credentials from one network: credential stuffing or a leaked key being tried.",
            trigger: .burst(EventMatch(kinds: [.authenticationFailure]), by: .source, threshold: 20, window: .seconds(60))),
        DetectionRule(
            id: "auth.dead-credential", severity: .medium,
            description: "A revoked or expired API key was presented: someone still holds a credential that was taken away.",
            // By network: the log does not name the credential a refusal was for (it may be a person's).
            trigger: .each(EventMatch(kinds: [.authenticationFailure], reasons: ["apikey.revoked", "apikey.expired"]), by: .source,
                           cooldown: .seconds(600))),
        DetectionRule(
            id: "call.denied-burst", severity: .medium,
            description: "Many calls of one principal refused by policy, limits or detectors: probing for what is allowed.",
            trigger: .burst(EventMatch(kinds: [.modelCall, .apiCall], outcomes: [.denied]), by: .principal, threshold: 10, window: .seconds(60))),
        DetectionRule(
            id: "injection.burst", severity: .high,
            description: "Repeated prompt-injection attempts from one principal.",
            trigger: .burst(EventMatch(kinds: [.modelCall], findings: ["input:injection"]), by: .principal, threshold: 5, window: .seconds(300))),
        DetectionRule(
            id: "injection.network-burst", severity: .medium,
            description: "Many prompt-injection attempts from one network, whoever makes them: one attacker behind several keys.",
            trigger: .burst(EventMatch(kinds: [.modelCall, .apiCall], findings: ["input:injection"]), by: .source, threshold: 20, window: .seconds(300))),
        DetectionRule(
            id: "canary.leak", severity: .critical,
            description: "A workload's canary appeared in a completion: the system prompt is leaking.",
            trigger: .each(EventMatch(kinds: [.modelCall], findings: ["output:canary"]), by: .principal, cooldown: .seconds(600))),
        DetectionRule(
            id: "exfiltration.answer-image", severity: .high,
            description: "A completion held an image from a host not on the list, replaced before the client saw it: an injected "
                + "instruction trying to carry data out through the image's address.",
            trigger: .each(EventMatch(kinds: [.modelCall], findings: ["output:exfiltration"]), by: .principal, cooldown: .seconds(600))),
        DetectionRule(
            id: "key.denied-burst", severity: .high,
            description: "Repeated refused or failed uses of keys by one caller: unauthorized key access.",
            trigger: .burst(EventMatch(kinds: [.keyUsage], outcomes: [.denied, .failed]), by: .principal, threshold: 5, window: .seconds(300))),
        DetectionRule(
            id: "key.break-glass", severity: .high,
            description: "A break-glass identity used a key: every such use is reviewed.",
            trigger: .each(EventMatch(kinds: [.keyUsage], alertOnly: true), by: .principal, cooldown: .seconds(3600))),
        DetectionRule(
            id: "exfiltration.sensitive-completion", severity: .high,
            description: "An unusually large completion carrying personal data or secrets.",
            trigger: .each(EventMatch(kinds: [.modelCall], outcomes: [.allowed], findings: ["output:pii", "output:secret"], minimumCompletionTokens: 2000),
                           by: .principal, cooldown: .seconds(600))),
        DetectionRule(
            id: "access.first-workload", severity: .low,
            description: "A principal called a workload it never called before.",
            trigger: .firstSeen(EventMatch(kinds: [.modelCall], outcomes: [.allowed]), of: .workload, warmUp: .seconds(7 * 86_400))),
        DetectionRule(
            id: "access.new-network", severity: .medium,
            description: "A principal called from a network it was never seen on: a credential used from somewhere new.",
            trigger: .firstSeen(EventMatch(kinds: [.modelCall, .apiCall]), of: .source, warmUp: .seconds(7 * 86_400))),
        DetectionRule(
            id: "access.unusual-hour", severity: .low,
            description: "A principal called in an hour of the week in which it is usually idle.",
            trigger: .unusualHour(EventMatch(kinds: [.modelCall]), below: 0.05, warmUp: 4)),
        DetectionRule(
            id: "baseline.request-spike", severity: .medium,
            description: "A principal's requests in an hour far above its baseline for that hour: abuse, a runaway client or a stolen key.",
            trigger: .spike(EventMatch(kinds: [.modelCall]), measure: .requests, deviations: 4, factor: 3, minimum: 60, warmUp: 4)),
        DetectionRule(
            id: "baseline.token-spike", severity: .medium,
            description: "A principal's tokens in an hour far above its baseline for that hour: bulk extraction or cost abuse.",
            trigger: .spike(EventMatch(kinds: [.modelCall]), measure: .tokens, deviations: 4, factor: 3, minimum: 100_000, warmUp: 4)),
        DetectionRule(
            id: "exfiltration.model-extraction", severity: .high,
            description: "Many near-identical prompts from one principal to a fine-tuned or self-trained model: an attempt to extract it.",
            trigger: .nearDuplicates(EventMatch(kinds: [.modelCall], outcomes: [.allowed], scopes: [4, 5]), threshold: 25, window: .seconds(600),
                                     distance: 12)),
    ]
}
