import RampartAudit

/// Where exported events go. `send` returns only when the sink has taken the whole batch (written and synced,
/// acknowledged by the receiver, or handed to the TLS connection); a thrown error means the batch is sent again.
protocol ExportSink: Sendable {
    func send(_ events: [CanonicalJSON]) async throws
    /// Closes what the sink holds open.
    func close() async
}

extension ExportSink {
    func close() async {}
}

/// Why an export could not send.
struct ExportError: Error, CustomStringConvertible {
    var description: String
}
