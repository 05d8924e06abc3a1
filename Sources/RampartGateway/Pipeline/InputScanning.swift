public import RampartCore
public import RampartDetectors

/// Scans what a call sends before it goes upstream, and applies the workload's policy: refuse the call, or send
/// it on with each finding replaced by its type (`[EMAIL_ADDRESS]`) or by a vault token (`[EMAIL_ADDRESS:7QX2M9KD]`)
/// that answers restore. Every message, every tool call's arguments and the labels sent beside the prompt (`user`,
/// `metadata`, ...) are scanned for personal data and secrets;
/// messages from the caller's side (user, tool, function), tool definitions and a response format's JSON schema also
/// for prompt injection, which the operator's own system and developer messages are not. A value or an injection
/// cut across two messages (next to each other, or two of the caller's turns with others between them) is found too
/// (`MessageSeams`), and each message's piece of it treated as a finding there.
public struct InputScanning: RequestStage {
    public var detectors: Detectors
    /// The policy for a workload's scope.
    public var policy: @Sendable (Scope) -> GuardPolicy
    /// The injection threshold per workload (probability); nil: the model's own.
    public var injectionThreshold: @Sendable (String) -> Double?
    /// The vault for pseudonyms; without one, pseudonymizing falls back to redacting (nothing leaves either way).
    public var pseudonyms: (any Pseudonyms)?

    public init(detectors: Detectors = .standard, policy: @escaping @Sendable (Scope) -> GuardPolicy = GuardPolicy.defaults(for:),
                injectionThreshold: @escaping @Sendable (String) -> Double? = { _ in nil }, pseudonyms: (any Pseudonyms)? = nil) {
        self.detectors = detectors
        self.policy = policy
        self.injectionThreshold = injectionThreshold
        self.pseudonyms = pseudonyms
    }

    static let callerRoles: Set<String> = ["user", "tool", "function"]

    /// A piece of text the call sends upstream, where it sits in the body and how it is scanned.
    enum Place {
        case message(Int)
        case toolCall(message: Int, call: Int)
        case tool(Int)
        case responseSchema
        case label(Int, param: String)

        /// Parts of the request that are the application's, not data to rewrite: refused unless allowed.
        var isDefinition: Bool {
            switch self {
            case .tool, .responseSchema: true
            case .message, .toolCall, .label: false
            }
        }

        var param: String {
            switch self {
            case .message(let i): "messages[\(i)].content"
            case .toolCall(let i, let j): "messages[\(i)].tool_calls[\(j)].function.arguments"
            case .tool(let i): "tools[\(i)]"
            case .responseSchema: "response_format"
            case .label(_, let param): param
            }
        }
    }

    public func apply(to call: inout ModelCall) async throws(GatewayError) {
        let policy = policy(call.route.workload.scope)
        let threshold = injectionThreshold(call.route.workload.name)
        // Each place with its text in parts: a message's content parts are scanned as one text, run together as a model
        // reads them, so a value split across parts is found (and each part loses its piece of it).
        var places: [(Place, [String], ScanOptions)] = []
        for (i, message) in call.chat.messages.enumerated() {
            if !message.text.isEmpty {
                // A user's turn is the caller's own words (an address to the model at its opening is a request); a tool's
                // output is a document, and so is a text sent to be embedded (to be retrieved into some later prompt).
                let speaker: ScanOptions.Speaker = message.role == "user" && call.endpoint != "embeddings" ? .caller : .unknown
                let options = ScanOptions(injection: Self.callerRoles.contains(message.role), injectionThreshold: threshold, speaker: speaker)
                places.append((.message(i), call.chat.textParts(ofMessage: i), options))
            }
            // Arguments the model wrote in an earlier turn: data, not instructions.
            for (j, toolCall) in message.toolCalls.enumerated() {
                places.append((.toolCall(message: i, call: j), [toolCall.arguments], ScanOptions(injection: false)))
            }
        }
        // Tool definitions reach the model as instructions, and may come from a third party (a tool server).
        for (i, tool) in call.chat.tools.enumerated() {
            places.append((.tool(i), [tool.text], ScanOptions(injection: true, injectionThreshold: threshold)))
        }
        if let schema = call.chat.responseSchema {
            places.append((.responseSchema, [schema], ScanOptions(injection: true, injectionThreshold: threshold)))
        }
        // Identifiers and labels the provider keeps: data, rewritten or refused like a message.
        for (i, label) in call.chat.labels.enumerated() {
            places.append((.label(i, param: label.param), [label.text], ScanOptions(injection: false)))
        }
        let texts = places.map { $0.1.count == 1 ? $0.1[0] : $0.1.joined() }
        var found = zip(places, texts).map { place, text in detectors.scan(text, options: place.2) }
        // Values and injections cut across messages: each message takes its pieces of them.
        let messages = places.indices.filter { if case .message = places[$0].0 { true } else { false } }
        let seams = MessageSeams.find(messages.map { texts[$0] }, own: messages.map { found[$0] }, options: messages.map { places[$0].2 },
                                      detectors: detectors)
        // The trail has each finding once: a value cut across a seam is one, though each message takes its piece.
        call.trail.update { facts in
            for finding in found.joined() + seams.values {
                facts.found(.input, category: finding.category.rawValue, type: finding.type, action: policy.action(for: finding.category).rawValue)
            }
        }
        for (k, n) in messages.enumerated() { found[n] += seams.pieces[k] }
        var redactions: [(place: Place, redact: (_ part: Int, _ text: String) -> String)] = []
        var tokens: [String: String] = [:]
        for (n, (place, parts, options)) in places.enumerated() {
            let text = texts[n], findings = found[n]
            guard !findings.isEmpty else { continue }
            // A tool definition is the application's code, not data to rewrite: anything but allow refuses it.
            let refuses = { (action: GuardPolicy.Action) in place.isDefinition ? action != .allow : action == .block }
            switch refuses(policy.action(for: findings)) ? .block : policy.action(for: findings) {
            case .allow:
                continue
            case .block:
                let kinds = Set(findings.filter { refuses(policy.action(for: $0.category)) }.map { "\($0.category.rawValue) (\($0.type))" }).sorted()
                throw GatewayError(status: 400, type: "invalid_request_error", code: "content_blocked",
                                   message: "the request was refused by the workload's data policy: \(place.param) contains \(kinds.joined(separator: ", "))",
                                   param: place.param)
            case .redact, .pseudonymize:
                // Values to pseudonymize get their tokens now (the vault is asynchronous); the rewrite below is not.
                let scalars = Array(text.unicodeScalars)
                func value(_ finding: Finding) -> String { String(String.UnicodeScalarView(scalars[finding.start..<finding.end])) }
                if let pseudonyms {
                    for finding in findings where policy.action(for: finding.category) == .pseudonymize {
                        let value = value(finding)
                        guard tokens[value] == nil else { continue }
                        do {
                            tokens[value] = try await pseudonyms.pseudonym(for: value, type: finding.type, tenant: call.caller.principal.tenant)
                        } catch {
                            throw GatewayError(status: 503, type: "server_error", code: "vault_unavailable",
                                               message: "personal data cannot be pseudonymized right now; try again", retryAfter: 1)
                        }
                    }
                }
                let spans = findings.compactMap { finding -> Redactor.Span? in
                    switch policy.action(for: finding.category) {
                    case .pseudonymize: Redactor.Span(finding.start..<finding.end, tokens[value(finding)] ?? "[\(finding.type)]")
                    case .redact: Redactor.placeholder(finding)
                    case .allow, .block: nil
                    }
                }
                var partSpans: [[Redactor.Span]] = [], offset = 0
                for part in parts {
                    let range = offset..<(offset + part.unicodeScalars.count)
                    partSpans.append(spans.compactMap { $0.clipped(to: range) })
                    offset = range.upperBound
                }
                let detectors = self.detectors
                redactions.append((place, { part, text in
                    guard parts.indices.contains(part), text == parts[part] else {
                        // Not the text scanned above (the body changed under it): scanned again, and every finding
                        // the policy does not allow replaced by its type.
                        let found = detectors.scan(text, options: options).filter { policy.action(for: $0.category) != .allow }
                        return Redactor.redact(text, spans: found.map(Redactor.placeholder))
                    }
                    return Redactor.redact(text, spans: partSpans[part])
                }))
            }
        }
        for (place, redact) in redactions {
            switch place {
            case .message(let index): call.chat.redactMessage(at: index, with: redact)
            case .toolCall(let index, let callIndex): call.chat.redactToolCall(message: index, call: callIndex) { redact(0, $0) }
            case .label(let index, _): call.chat.redactLabel(at: index) { redact(0, $0) }
            case .tool, .responseSchema: break  // refused above
            }
        }
    }
}

extension ChatRequest {
    /// The text of message `index` in the parts the client sent it: one for string content, each text part of
    /// array content (the only parts the gateway lets through).
    func textParts(ofMessage index: Int) -> [String] {
        guard case let content? = body["messages"]?[index]?["content"], case .array = content, let parts = try? Self.textParts(of: content, param: "")
        else { return [messages[index].text] }
        return parts
    }

    /// Rewrites one message's text, in the parsed messages and in the body that goes upstream: `redact` is given
    /// each part of `textParts(ofMessage:)` with its index.
    mutating func redactMessage(at index: Int, with redact: (_ part: Int, _ text: String) -> String) {
        guard case .object(var object) = body, case .array(var list)? = object["messages"], index < list.count,
              case .object(var message) = list[index]
        else { return }
        switch message["content"] {
        case .string(let text)?:
            message["content"] = .string(redact(0, text))
        case .array(let parts)?:
            var part = 0
            message["content"] = .array(parts.map { item in
                guard case .object(var fields) = item, case .string("text")? = fields["type"], case .string(let text)? = fields["text"] else { return item }
                defer { part += 1 }
                fields["text"] = .string(redact(part, text))
                return .object(fields)
            })
        default:
            return
        }
        list[index] = .object(message)
        object["messages"] = .array(list)
        body = .object(object)
        // (Content the gateway read cannot fail to read again; were it to, the old text is given as no known part.)
        messages[index].text = (try? Self.text(of: message["content"], param: "")) ?? redact(-1, messages[index].text)
    }

    /// Rewrites one label (`user`, a `metadata` value, ...), in the parsed labels and in the body.
    mutating func redactLabel(at index: Int, with redact: (String) -> String) {
        let label = labels[index]
        let redacted = redact(label.text)
        func replace(_ value: JSONValue, _ path: ArraySlice<String>) -> JSONValue {
            guard let key = path.first else { return .string(redacted) }
            switch value {
            case .object(var fields):
                guard let child = fields[key] else { return value }
                fields[key] = replace(child, path.dropFirst())
                return .object(fields)
            case .array(var items):
                guard let index = Int(key), items.indices.contains(index) else { return value }
                items[index] = replace(items[index], path.dropFirst())
                return .array(items)
            default:
                return value
            }
        }
        body = replace(body, label.path[...])
        labels[index].text = redacted
    }

    /// Rewrites the arguments of one tool call of an assistant message, in the parsed messages and in the body.
    mutating func redactToolCall(message index: Int, call callIndex: Int, with redact: (String) -> String) {
        guard case .object(var object) = body, case .array(var list)? = object["messages"], index < list.count,
              case .object(var message) = list[index], case .array(var calls)? = message["tool_calls"], callIndex < calls.count,
              case .object(var toolCall) = calls[callIndex], case .object(var function)? = toolCall["function"],
              case .string(let arguments)? = function["arguments"]
        else { return }
        let redacted = redact(arguments)
        function["arguments"] = .string(redacted)
        toolCall["function"] = .object(function)
        calls[callIndex] = .object(toolCall)
        message["tool_calls"] = .array(calls)
        list[index] = .object(message)
        object["messages"] = .array(list)
        body = .object(object)
        messages[index].toolCalls[callIndex].arguments = redacted
    }
}
