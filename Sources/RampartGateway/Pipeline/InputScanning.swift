public import RampartCore
public import RampartDetectors

/// Scans what a call sends before it goes upstream, and applies the workload's policy: refuse the call, or send
/// it on with each finding replaced by its type (`[EMAIL_ADDRESS]`). Every message is scanned for personal data
/// and secrets; messages from the caller's side (user, tool, function) also for prompt injection, which the
/// operator's own system and developer messages are not.
public struct InputScanning: RequestStage {
    public var detectors: Detectors
    /// The policy for a workload's scope.
    public var policy: @Sendable (Scope) -> GuardPolicy
    /// The injection threshold per workload (probability); nil: the model's own.
    public var injectionThreshold: @Sendable (String) -> Double?

    public init(detectors: Detectors = .standard, policy: @escaping @Sendable (Scope) -> GuardPolicy = GuardPolicy.defaults(for:),
                injectionThreshold: @escaping @Sendable (String) -> Double? = { _ in nil }) {
        self.detectors = detectors
        self.policy = policy
        self.injectionThreshold = injectionThreshold
    }

    static let callerRoles: Set<String> = ["user", "tool", "function"]

    public func apply(to call: inout ModelCall) async throws(GatewayError) {
        let policy = policy(call.route.workload.scope)
        let threshold = injectionThreshold(call.route.workload.name)
        var redactions: [(index: Int, redact: (String) -> String)] = []
        for (i, message) in call.chat.messages.enumerated() where !message.text.isEmpty {
            let options = ScanOptions(injection: Self.callerRoles.contains(message.role), injectionThreshold: threshold)
            let findings = detectors.scan(message.text, options: options)
            guard !findings.isEmpty else { continue }
            switch policy.action(for: findings) {
            case .allow:
                continue
            case .block:
                let kinds = Set(findings.filter { policy.action(for: $0.category) == .block }.map { "\($0.category.rawValue) (\($0.type))" }).sorted()
                throw GatewayError(status: 400, type: "invalid_request_error", code: "content_blocked",
                                   message: "the request was refused by the workload's data policy: messages[\(i)] contains \(kinds.joined(separator: ", "))",
                                   param: "messages[\(i)].content")
            case .redact:
                let detectors = self.detectors
                redactions.append((i, { text in
                    Redactor.redact(text, detectors.scan(text, options: options).filter { policy.action(for: $0.category) == .redact })
                }))
            }
        }
        for (index, redact) in redactions { call.chat.redactMessage(at: index, with: redact) }
    }
}

extension ChatRequest {
    /// Rewrites one message's text, in the parsed messages and in the body that goes upstream (each text part of
    /// array content on its own).
    mutating func redactMessage(at index: Int, with redact: (String) -> String) {
        guard case .object(var object) = body, case .array(var list)? = object["messages"], index < list.count,
              case .object(var message) = list[index]
        else { return }
        switch message["content"] {
        case .string(let text)?:
            message["content"] = .string(redact(text))
        case .array(let parts)?:
            message["content"] = .array(parts.map { part in
                guard case .object(var fields) = part, case .string("text")? = fields["type"], case .string(let text)? = fields["text"] else { return part }
                fields["text"] = .string(redact(text))
                return .object(fields)
            })
        default:
            return
        }
        list[index] = .object(message)
        object["messages"] = .array(list)
        body = .object(object)
        messages[index].text = (try? Self.text(of: message["content"], param: "")) ?? redact(messages[index].text)
    }
}
