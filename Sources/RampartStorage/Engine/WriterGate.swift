/// Lets one writer at a time into SQLite, queueing the rest without blocking a thread.
///
/// SQLite allows one writer; a second `BEGIN IMMEDIATE` waits in `busy_timeout` on one of NIO's few blocking
/// threads. With enough writers waiting, the thread the lock holder needs for `COMMIT` is never free and every
/// writer times out. Queueing writers here, first come first served, keeps those threads for real work.
actor WriterGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Waits until every writer ahead has left. Each `enter` is paired with exactly one `leave`.
    func enter() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Lets the next writer in.
    func leave() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}
