public import Foundation
import Synchronization

/// A peer process for a test (an OIDC issuer, a model server): started, asked for the first line it prints
/// (its port), and stopped. Reads and waits happen on Dispatch threads, never on Swift's cooperative pool.
public final class BackgroundProcess: @unchecked Sendable {
    private let process = Process()
    private let output = Pipe()
    private let line = Mutex("")
    /// The first line the process printed.
    public var firstLine: String { line.withLock { $0 } }

    public struct DidNotStart: Error, CustomStringConvertible {
        public var description: String
    }

    /// Starts `executable` and waits (up to `timeout`) for its first line of output.
    public static func start(_ executable: URL, _ arguments: [String], timeout: Duration = .seconds(20)) async throws -> BackgroundProcess {
        let child = BackgroundProcess()
        child.process.executableURL = executable
        child.process.arguments = arguments
        child.process.standardOutput = child.output
        child.process.standardError = FileHandle.nullDevice
        try child.process.run()
        let handle = child.output.fileHandleForReading
        // If no line comes in time, terminating the child closes the pipe and ends the read below.
        let process = child.process
        let seconds = Double(timeout.components.seconds)
        let started = Date()
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
            if process.isRunning, child.firstLine.isEmpty, Date().timeIntervalSince(started) >= seconds { kill(process.processIdentifier, SIGKILL) }
        }
        let line: String? = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var bytes: [UInt8] = []
                while true {
                    let chunk = handle.readData(ofLength: 1)
                    guard let byte = chunk.first else { continuation.resume(returning: nil); return }
                    if byte == UInt8(ascii: "\n") { continuation.resume(returning: String(decoding: bytes, as: UTF8.self)); return }
                    bytes.append(byte)
                }
            }
        }
        guard let line, !line.isEmpty else {
            child.stop()
            throw DidNotStart(description: "\(executable.lastPathComponent) \(arguments.joined(separator: " ")) printed nothing")
        }
        child.line.withLock { $0 = line }
        return child
    }

    /// Kills the process, with SIGKILL: a peer has nothing to save, and under the test runner issuers were seen to
    /// outlive `terminate()` (SIGTERM), leaving `waitUntilExit` spinning a thread each. Foundation reaps the child.
    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
    }

    deinit { stop() }
}
