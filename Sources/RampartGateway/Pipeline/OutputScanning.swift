public import RampartCore
public import RampartDetectors

/// Scans what comes back before the client sees it: whole completions, and streams through a `StreamRedactor`
/// (bounded hold-back, so a secret split across chunks is caught whole). Secrets are always replaced by their type;
/// personal data too where the workload's policy does not allow it; a canary in the output is a leak and ends the
/// answer.
public struct OutputScanning: Sendable {
    public var detectors: Detectors
    public var policy: @Sendable (Scope) -> GuardPolicy
    /// How many characters a stream holds back (the longest secret it must see whole).
    public var holdBack: Int
    /// Canary strings per workload (placed in system prompts); their appearance in output is a leak.
    public var canaries: @Sendable (String) -> [String]

    public init(detectors: Detectors = .standard, policy: @escaping @Sendable (Scope) -> GuardPolicy = GuardPolicy.defaults(for:),
                holdBack: Int = 256, canaries: @escaping @Sendable (String) -> [String] = { _ in [] }) {
        self.detectors = detectors
        self.policy = policy
        self.holdBack = holdBack
        self.canaries = canaries
    }

    func options(for call: ModelCall) -> ScanOptions {
        ScanOptions(pii: policy(call.route.workload.scope).pii != .allow, secrets: true, injection: false,
                    canaries: canaries(call.route.workload.name))
    }

    static let leak = GatewayError(status: 502, type: "upstream_error", code: "output_blocked",
                                   message: "the answer was withheld: it contained data the workload's policy does not let out")

    /// The completion's text with findings replaced, or the error when it must be withheld.
    func scan(_ completion: UpstreamCompletion, call: ModelCall) throws(GatewayError) -> UpstreamCompletion {
        let findings = detectors.scan(completion.text, options: options(for: call))
        guard !findings.isEmpty else { return completion }
        if findings.contains(where: { $0.category == .canary }) { throw Self.leak }
        var scanned = completion
        scanned.text = Redactor.redact(completion.text, findings)
        return scanned
    }

    /// The stream with findings replaced as they complete; a canary ends it with an error.
    func guarding(_ upstream: AsyncThrowingStream<UpstreamChunk, any Error>, call: ModelCall) -> AsyncThrowingStream<UpstreamChunk, any Error> {
        let redactor = StreamRedactor(detectors: detectors, options: options(for: call), holdBack: holdBack) { $0.category != .canary }
        return AsyncThrowingStream { continuation in
            let reader = Task {
                var redactor = redactor
                do {
                    for try await chunk in upstream {
                        var out = chunk
                        out.text = redactor.feed(chunk.text)
                        if chunk.finishReason != nil || chunk.usage != nil { out.text += redactor.finish() }
                        if redactor.findings.contains(where: { $0.category == .canary }) { throw Self.leak }
                        if !out.text.isEmpty || out.finishReason != nil || out.usage != nil { continuation.yield(out) }
                    }
                    let rest = redactor.finish()
                    if redactor.findings.contains(where: { $0.category == .canary }) { throw Self.leak }
                    if !rest.isEmpty { continuation.yield(UpstreamChunk(text: rest)) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in reader.cancel() }
        }
    }
}
