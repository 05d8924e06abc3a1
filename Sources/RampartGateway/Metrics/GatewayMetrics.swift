public import Prometheus

/// The gateway's Prometheus metrics: requests and latency by endpoint and status, upstream errors by kind,
/// tokens in and out.
public struct GatewayMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    static let buckets: [Duration] = [.milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(50), .milliseconds(100),
                                      .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30)]

    struct RequestLabels: Hashable, Sendable {
        var endpoint: String
        var status: Int
    }

    struct TokenLabels: Hashable, Sendable {
        var deployment: String
        var direction: String
    }

    private let requestCounters = MetricHandles<RequestLabels, Counter>()
    private let durations = MetricHandles<String, DurationHistogram>()
    private let tokenCounters = MetricHandles<TokenLabels, Counter>()
    private let breakerGauges = MetricHandles<String, Gauge>()

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) { self.registry = registry }

    func request(endpoint: String, status: Int, duration: Duration) {
        requestCounters.handle(RequestLabels(endpoint: endpoint, status: status)) {
            registry.makeCounter(
                descriptor: MetricNameDescriptor(namespace: "rampart", metricName: "requests", unitName: "total", helpText: "Requests answered"),
                labels: [("endpoint", endpoint), ("status", String(status))])
        }.increment()
        durations.handle(endpoint) {
            registry.makeDurationHistogram(
                descriptor: MetricNameDescriptor(namespace: "rampart", metricName: "request_duration", unitName: "seconds", helpText: "Time to answer"),
                labels: [("endpoint", endpoint)], buckets: Self.buckets)
        }.record(duration)
    }

    func upstreamError(deployment: String, kind: UpstreamError.Kind) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(namespace: "rampart", metricName: "upstream_errors", unitName: "total", helpText: "Failed upstream calls"),
            labels: [("deployment", deployment), ("kind", kind.rawValue)]
        ).increment()
    }

    func tokens(_ usage: TokenUsage, deployment: String) {
        for (direction, count) in [("in", usage.prompt), ("out", usage.completion)] {
            tokenCounters.handle(TokenLabels(deployment: deployment, direction: direction)) {
                registry.makeCounter(
                    descriptor: MetricNameDescriptor(namespace: "rampart", metricName: "tokens", unitName: "total", helpText: "Tokens in and out"),
                    labels: [("deployment", deployment), ("direction", direction)])
            }.increment(by: Int64(count))
        }
    }

    /// Set at every decision and outcome of a call, twice a request.
    func breaker(deployment: String, state: Int) {
        breakerGauges.handle(deployment) {
            registry.makeGauge(
                descriptor: MetricNameDescriptor(namespace: "rampart", metricName: "breaker", unitName: "state",
                                                 helpText: "Circuit breaker per deployment: 0 closed, 1 half-open, 2 open"),
                labels: [("deployment", deployment)])
        }.set(Int64(state))
    }

    /// The exposition text for `/metrics`.
    public func text() -> String { registry.emitToString() }
}
