public import RampartCore
public import RampartDetectors

/// Scans what comes back before the client sees it: whole completions, and streams through a `StreamRedactor`
/// (bounded hold-back, so a secret split across chunks is caught whole). Secrets are always replaced by their type;
/// personal data too where the workload's policy does not allow it; so are images that would load from a host not on
/// the workload's list (`ImageHosts`: a rendered answer fetches them, and their addresses can carry data out); a
/// canary in the output is a leak and ends the answer.
public struct OutputScanning: Sendable {
    public var detectors: Detectors
    public var policy: @Sendable (Scope) -> GuardPolicy
    /// How many characters a stream holds back (the longest secret it must see whole).
    public var holdBack: Int
    /// Canary strings per workload (placed in system prompts); their appearance in output is a leak.
    public var canaries: @Sendable (String) -> [String]
    /// The hosts images in answers may load from, per workload; nil: images are not read.
    public var imageHosts: @Sendable (String) -> ImageHosts?
    /// The vault whose tokens are restored in answers, for callers that `mayReveal`.
    public var pseudonyms: (any Pseudonyms)?
    public var mayReveal: @Sendable (ModelCall) -> Bool

    public init(detectors: Detectors = .standard, policy: @escaping @Sendable (Scope) -> GuardPolicy = GuardPolicy.defaults(for:),
                holdBack: Int = 256, canaries: @escaping @Sendable (String) -> [String] = { _ in [] },
                imageHosts: @escaping @Sendable (String) -> ImageHosts? = { _ in ImageHosts([]) },
                pseudonyms: (any Pseudonyms)? = nil, mayReveal: @escaping @Sendable (ModelCall) -> Bool = { _ in false }) {
        self.detectors = detectors
        self.policy = policy
        self.holdBack = holdBack
        self.canaries = canaries
        self.imageHosts = imageHosts
        self.pseudonyms = pseudonyms
        self.mayReveal = mayReveal
    }

    /// Replaces the vault's tokens in a text by their values, for a caller allowed to see them.
    func restore(_ text: String, call: ModelCall) async -> String {
        // On bytes: a String argument would go through Foundation's search, a visible cost on every answer.
        guard let pseudonyms, text.utf8.contains(UInt8(ascii: "[")), mayReveal(call) else { return text }
        let tokens = pseudonyms.tokens(in: text)
        guard !tokens.isEmpty, let values = try? await pseudonyms.reveal(tokens, tenant: call.caller.principal.tenant) else { return text }
        var restored = text
        for (token, value) in values { restored = restored.replacingOccurrences(of: token, with: value) }
        return restored
    }

    /// Splits off a token that may be cut at the end of a piece (an unclosed `[` near the end), to restore it whole.
    static func holdingPartialToken(_ text: String) -> (ready: String, carry: String) {
        guard let open = text.lastIndex(of: "["), !text[open...].contains(Character("]")), text.distance(from: open, to: text.endIndex) < 48 else {
            return (text, "")
        }
        return (String(text[..<open]), String(text[open...]))
    }

    func options(for call: ModelCall) -> ScanOptions {
        ScanOptions(pii: policy(call.route.workload.scope).pii != .allow, secrets: true, injection: false,
                    canaries: canaries(call.route.workload.name), imageHosts: imageHosts(call.route.workload.name))
    }

    static let leak = GatewayError(status: 502, type: "upstream_error", code: "output_blocked",
                                   message: "the answer was withheld: it contained data the workload's policy does not let out")

    /// The completion's text with findings replaced and pseudonyms restored, or the error when it must be withheld.
    func scan(_ completion: UpstreamCompletion, call: ModelCall) async throws(GatewayError) -> UpstreamCompletion {
        var scanned = completion
        scanned.text = try await scan(text: completion.text, call: call)
        scanned.toolCalls = try await scan(completion.toolCalls, call: call)
        return scanned
    }

    /// A whole text of the answer, scanned: findings replaced, pseudonyms restored; a canary withholds the answer.
    func scan(text: String, call: ModelCall) async throws(GatewayError) -> String {
        let findings = detectors.scan(text, options: options(for: call))
        Self.count(findings, in: call.trail)
        if findings.contains(where: { $0.category == .canary }) { throw Self.leak }
        return await restore(findings.isEmpty ? text : Redactor.redact(text, findings), call: call)
    }

    /// Tool calls of the answer, their arguments scanned as text: what a model writes into a call leaves the gateway
    /// as surely as what it says (a secret or a canary passed to a tool is a leak like any other).
    /// A call of a tool the request did not offer (a model led astray, or an upstream not to be trusted) withholds
    /// the answer: the client would run what it never agreed to expose.
    func scan(_ toolCalls: [ToolCall], call: ModelCall) async throws(GatewayError) -> [ToolCall] {
        let offered = Set(call.chat.tools.map(\.name))
        if let stray = toolCalls.first(where: { !offered.contains($0.name) }) {
            call.trail.update { $0.found(.output, category: "tool", type: "TOOL_NOT_OFFERED", action: "block") }
            throw GatewayError(status: 502, type: "upstream_error", code: "tool_not_offered",
                               message: "the answer was withheld: it calls a tool the request did not offer (\(stray.name.prefix(64)))")
        }
        var scanned = toolCalls
        for i in scanned.indices { scanned[i].arguments = try await scan(text: scanned[i].arguments, call: call) }
        return scanned
    }

    /// Counts what the answer held in the call's audit trail: a canary withholds the answer, the rest is redacted.
    static func count(_ findings: [Finding], in trail: CallTrail) {
        guard !findings.isEmpty else { return }
        trail.update { facts in
            for finding in findings {
                facts.found(.output, category: finding.category.rawValue, type: finding.type, action: finding.category == .canary ? "block" : "redact")
            }
        }
    }

    /// The stream with findings replaced as they complete; a canary ends it with an error. Tool calls are held
    /// until the answer ends (`ToolCallAssembly`), then scanned and passed on whole, each as one piece.
    func guarding(_ upstream: AsyncThrowingStream<UpstreamChunk, any Error>, call: ModelCall) -> AsyncThrowingStream<UpstreamChunk, any Error> {
        let redactor = StreamRedactor(detectors: detectors, options: options(for: call), holdBack: holdBack) { $0.category != .canary }
        return AsyncThrowingStream { continuation in
            let reader = Task {
                var redactor = redactor
                var carry = ""
                var toolCalls = ToolCallAssembly()
                do {
                    for try await chunk in upstream {
                        var out = chunk
                        try toolCalls.add(chunk.toolCalls)
                        out.toolCalls = []
                        let ending = chunk.finishReason != nil || chunk.usage != nil
                        if ending, !toolCalls.isEmpty { out.toolCalls = try await toolCalls.scanned(by: self, call: call) }
                        var text = carry + redactor.feed(chunk.text) + (ending ? redactor.finish() : "")
                        if redactor.findings.contains(where: { $0.category == .canary }) {
                            Self.count(redactor.findings, in: call.trail)
                            throw Self.leak
                        }
                        (text, carry) = ending ? (text, "") : Self.holdingPartialToken(text)
                        out.text = await restore(text, call: call)
                        if !out.text.isEmpty || !out.toolCalls.isEmpty || out.finishReason != nil || out.usage != nil { continuation.yield(out) }
                    }
                    let rest = carry + redactor.finish()
                    Self.count(redactor.findings, in: call.trail)
                    if redactor.findings.contains(where: { $0.category == .canary }) { throw Self.leak }
                    let pieces = toolCalls.isEmpty ? [] : try await toolCalls.scanned(by: self, call: call)
                    if !rest.isEmpty || !pieces.isEmpty { continuation.yield(UpstreamChunk(text: await restore(rest, call: call), toolCalls: pieces)) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in reader.cancel() }
        }
    }
}
