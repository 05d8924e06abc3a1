import Synchronization

/// Ends a stream that goes quiet for longer than `idle`, or runs longer than `total`, with a timeout error, and
/// cancels the reading of the upstream. Applied by the pipeline to every provider's stream.
enum StreamTimeouts {
    final class Activity: Sendable {
        let last: Mutex<ContinuousClock.Instant>
        init() { last = Mutex(.now) }
    }

    static func guarding(
        _ upstream: AsyncThrowingStream<UpstreamChunk, any Error>, idle: Duration, total: Duration, deployment: String,
        started: ContinuousClock.Instant = .now, tally: StreamTally? = nil
    ) -> AsyncThrowingStream<UpstreamChunk, any Error> {
        AsyncThrowingStream { continuation in
            let activity = Activity()
            let reader = Task {
                var tally = tally
                do {
                    for try await chunk in upstream {
                        activity.last.withLock { $0 = .now }
                        tally?.count(chunk)
                        continuation.yield(chunk)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
                // However the stream ended (done, failed, timed out, client gone), its usage is settled once.
                await tally?.settle()
            }
            let watchdog = Task {
                let tick = min(idle, .milliseconds(50))
                while !Task.isCancelled {
                    try? await Task.sleep(for: tick)
                    let now = ContinuousClock.now
                    let quiet = now - activity.last.withLock { $0 }
                    if quiet >= idle || now - started >= total {
                        let what = quiet >= idle ? "went quiet for \(idle)" : "ran longer than \(total)"
                        continuation.finish(throwing: UpstreamError(.timeout, "\(deployment): the stream \(what)"))
                        reader.cancel()
                        return
                    }
                }
            }
            continuation.onTermination = { _ in
                reader.cancel()
                watchdog.cancel()
            }
        }
    }
}
