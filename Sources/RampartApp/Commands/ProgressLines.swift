import Logging
import Synchronization

/// Periodic progress lines in the log for long work in a service (no terminal to draw a bar on): one line at each
/// tenth of the way, with constant message and the counts as metadata.
final class ProgressLines: Sendable {
    let logger: Logger
    let message: Logger.Message
    let metadata: Logger.Metadata
    let lastTenth = Mutex(-1)

    init(logger: Logger, message: Logger.Message, metadata: Logger.Metadata) {
        self.logger = logger
        self.message = message
        self.metadata = metadata
    }

    func update(_ done: Int, _ total: Int) {
        guard total > 0 else { return }
        let tenth = done * 10 / total
        guard lastTenth.withLock({ last in
            defer { last = max(last, tenth) }
            return tenth > last
        }) else { return }
        logger.info(message, metadata: metadata.merging(["done": "\(done)", "total": "\(total)"]) { $1 })
    }
}
