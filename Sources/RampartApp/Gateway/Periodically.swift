import ServiceLifecycle

/// Runs `work` once at start and then every `interval`, until the task is cancelled or a graceful shutdown begins
/// (which ends the wait at once): the loop of Rampart's housekeeping services.
func periodically(every interval: Duration, _ work: () async -> Void) async {
    while !Task.isCancelled, !Task.isShuttingDownGracefully {
        await work()
        do { try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) } } catch { return }
    }
}
