public import Foundation
import Synchronization

/// A peer process for a test (an OIDC issuer, a model server): started, asked for the first line it prints
/// (its port), and stopped. Reads and waits happen on Dispatch threads, never on Swift's cooperative pool.
public final class BackgroundProcess: Sendable {
    private let child: SpawnedProcess
    private let line = Mutex("")
    private let state = Mutex(Stage.running)
    private let output: Int32

    enum Stage { case running, stopped }

    /// The first line the process printed.
    public var firstLine: String { line.withLock { $0 } }

    public struct DidNotStart: Error, CustomStringConvertible {
        public var description: String
    }

    private init(child: SpawnedProcess, output: Int32) {
        self.child = child
        self.output = output
    }

    /// Starts `executable` and waits (up to `timeout`: Python peers import slowly on a loaded machine) for its first
    /// line of output. `environment` is added to this process's.
    public static func start(_ executable: URL, _ arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(60))
        async throws -> BackgroundProcess
    {
        let pipe = try SpawnedProcess.pipe()
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        defer { close(null) }
        let spawned: SpawnedProcess
        do {
            spawned = try SpawnedProcess.start(executable.path, arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { _, new in new },
                                               stdin: null, stdout: pipe.write, stderr: null)
        } catch {
            close(pipe.read)
            close(pipe.write)
            throw error
        }
        close(pipe.write)
        let child = BackgroundProcess(child: spawned, output: pipe.read)
        // If no line comes in time, killing the child closes the pipe and ends the read below.
        DispatchQueue.global().asyncAfter(deadline: .now() + Double(timeout.components.seconds)) {
            if child.firstLine.isEmpty { child.stop() }
        }
        let line: String? = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var bytes: [UInt8] = []
                var byte: UInt8 = 0
                while read(pipe.read, &byte, 1) == 1 {
                    if byte == UInt8(ascii: "\n") {
                        // Recorded here, before the awaiting task runs again, so the start watchdog cannot miss it.
                        let text = String(decoding: bytes, as: UTF8.self)
                        child.line.withLock { $0 = text }
                        continuation.resume(returning: text)
                        return
                    }
                    bytes.append(byte)
                }
                continuation.resume(returning: nil)
            }
        }
        guard let line, !line.isEmpty else {
            child.stop()
            throw DidNotStart(description: "\(executable.lastPathComponent) \(arguments.joined(separator: " ")) printed nothing")
        }
        // Whatever else it prints is read and dropped, so it never blocks on a full pipe.
        DispatchQueue.global().async {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while read(pipe.read, &buffer, buffer.count) > 0 {}
        }
        return child
    }

    /// Stops the process (SIGTERM, then SIGKILL after two seconds) and reaps it on a Dispatch thread.
    public func stop() {
        guard claimStop() else { return }
        child.signal(SIGTERM)
        let child = self.child, output = self.output
        DispatchQueue.global().async {
            let reaper = DispatchWorkItem { _ = child.wait(); close(output) }
            DispatchQueue.global().async(execute: reaper)
            if reaper.wait(timeout: .now() + 2) == .timedOut { child.signal(SIGKILL) }
        }
    }

    /// Kills the process at once, as a crash would (SIGKILL: no handler runs), and waits until it is gone.
    public func kill() {
        guard claimStop() else { return }
        child.signal(SIGKILL)
        _ = child.wait()
        close(output)
    }

    /// True for the first of `stop` and `kill` only.
    private func claimStop() -> Bool {
        state.withLock { stage in
            defer { stage = .stopped }
            return stage == .running
        }
    }

    deinit { stop() }
}
