import Logging
import RampartAudit
import RampartKeys
import Synchronization

/// Where key-usage events go: the audit log (once it is open), the log with constant messages and metadata, and a
/// warning-level finding when one key's failed opens reach the threshold within the window.
final class KeyUsageLog: Sendable {
    let logger: Logger
    let failures: Mutex<UnwrapFailureWindow>
    private let audit = Mutex<(@Sendable (AuditEvent) -> Void)?>(nil)

    /// From now on, events go to the audit log through `sink` too, which must not wait (key operations do not wait
    /// for the log): the gateway's `AuditLog.submit`, or a command's `OperatorTrail.keep`.
    func sendToAudit(_ sink: @escaping @Sendable (AuditEvent) -> Void) {
        audit.withLock { $0 = sink }
    }

    init(logger: Logger, window: UnwrapFailureWindow = UnwrapFailureWindow()) {
        self.logger = logger
        self.failures = Mutex(window)
    }

    func record(_ event: KeyUsageEvent) {
        if let sink = audit.withLock({ $0 }) { sink(AuditEvent(keyUsage: event)) }
        var metadata: Logger.Metadata = ["operation": "\(event.operation.rawValue)", "tenant": "\(event.tenant)", "owner": "\(event.owner)"]
        if let purpose = event.purpose { metadata["purpose"] = "\(purpose)" }
        if let version = event.version { metadata["version"] = "\(version)" }
        if let object = event.objectID { metadata["object"] = "\(object)" }
        switch event.outcome {
        case .success:
            logger.debug("key used", metadata: metadata)
        case .failure(let code):
            metadata["code"] = "\(code.rawValue)"
            logger.notice("key use failed", metadata: metadata)
        }
        if let finding = failures.withLock({ $0.record(event) }) {
            logger.warning("repeated failed key use", metadata: [
                "key": "\(finding.key)", "failures": "\(finding.failures)", "window_seconds": "\(Int(finding.window))", "code": "\(finding.lastCode.rawValue)",
            ])
        }
    }
}
