public import Foundation

/// Runs a program to completion without blocking Swift's cooperative thread pool.
///
/// Waiting for a child blocks a thread; on the cooperative pool (as many threads as cores) that can starve
/// in-process servers the child is talking to. The wait happens on a Dispatch thread instead.
public enum ChildProcess {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public static func run(
        _ executable: URL, _ arguments: [String], stdin: String = "", environment: [String: String]? = nil,
        directory: URL? = nil
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    continuation.resume(returning: try runBlocking(executable.path, arguments, stdin: stdin, environment: environment, directory: directory))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    static func runBlocking(_ executable: String, _ arguments: [String], stdin: String, environment: [String: String]?, directory: URL?) throws -> Result {
        // Standard error goes to a file, so a child filling it never stalls on a pipe nobody reads.
        let errorPath = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-child-\(UUID().uuidString)").path
        let errorFile = open(errorPath, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard errorFile >= 0 else { throw SpawnedProcess.Failed(description: "cannot create \(errorPath)") }
        defer { close(errorFile); unlink(errorPath) }
        let input = try SpawnedProcess.pipe(), output = try SpawnedProcess.pipe()
        let child: SpawnedProcess
        do {
            child = try SpawnedProcess.start(executable, arguments, environment: environment, directory: directory?.path,
                                            stdin: input.read, stdout: output.write, stderr: errorFile)
        } catch {
            for fd in [input.read, input.write, output.read, output.write] { close(fd) }
            throw error
        }
        close(input.read)
        close(output.write)
        let writer = FileHandle(fileDescriptor: input.write, closeOnDealloc: true)
        DispatchQueue.global().async {
            try? writer.write(contentsOf: Data(stdin.utf8))
            try? writer.close()
        }
        let out = FileHandle(fileDescriptor: output.read, closeOnDealloc: true).readDataToEndOfFile()
        let status = child.wait()
        let err = (try? Data(contentsOf: URL(fileURLWithPath: errorPath))) ?? Data()
        return Result(status: status, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }
}
