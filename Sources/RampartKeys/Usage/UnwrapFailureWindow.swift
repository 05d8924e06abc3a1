public import Foundation

/// Counts failed opens per key (tenant, owner, purpose) in a sliding window, and says when they reach the
/// threshold: someone is trying keys or contexts that are not theirs, or tampering with ciphertext. Pure.
public struct UnwrapFailureWindow: Sendable {
    public var threshold: Int
    public var window: TimeInterval
    var failures: [String: [Date]] = [:]
    var reported: [String: Date] = [:]

    public init(threshold: Int = 5, window: TimeInterval = 300) {
        self.threshold = threshold
        self.window = window
    }

    /// A finding when this event brings its key's failures in the window to the threshold (once per window).
    public mutating func record(_ event: KeyUsageEvent) -> KeyFinding? {
        guard event.operation == .open, case .failure(let code) = event.outcome, code != .providerUnavailable, code != .storage else { return nil }
        let key = "\(event.tenant)/\(event.owner)/\(event.purpose ?? "-")"
        let since = event.at.addingTimeInterval(-window)
        var times = (failures[key] ?? []).filter { $0 > since }
        times.append(event.at)
        failures[key] = times
        guard times.count >= threshold, (reported[key].map { $0 <= since } ?? true) else { return nil }
        reported[key] = event.at
        return KeyFinding(key: key, tenant: event.tenant, failures: times.count, window: window, lastCode: code, at: event.at)
    }
}

/// Repeated failed opens of one key within a window.
public struct KeyFinding: Sendable, Hashable {
    public var key: String
    public var tenant: String
    public var failures: Int
    public var window: TimeInterval
    public var lastCode: KeyError.Code
    public var at: Date
}
