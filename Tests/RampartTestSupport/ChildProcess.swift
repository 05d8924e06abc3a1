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
                    let process = Process()
                    process.executableURL = executable
                    process.arguments = arguments
                    if let environment { process.environment = environment }
                    if let directory { process.currentDirectoryURL = directory }
                    // Standard error goes to a file, so a child filling it never stalls on a pipe nobody reads.
                    let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-child-\(UUID().uuidString)")
                    _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
                    defer { try? FileManager.default.removeItem(at: errorFile) }
                    let errors = try FileHandle(forWritingTo: errorFile)
                    let output = Pipe(), input = Pipe()
                    process.standardOutput = output
                    process.standardError = errors
                    process.standardInput = input
                    try process.run()
                    input.fileHandleForWriting.write(Data(stdin.utf8))
                    try input.fileHandleForWriting.close()
                    let out = output.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    try errors.close()
                    let err = (try? Data(contentsOf: errorFile)) ?? Data()
                    continuation.resume(returning: Result(
                        status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                        stderr: String(decoding: err, as: UTF8.self)))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}
