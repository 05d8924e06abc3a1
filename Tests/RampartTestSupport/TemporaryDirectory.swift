public import Foundation

/// Runs `body` with a new, empty directory under the system's temporary directory, named `prefix-UUID`, and removes
/// the directory and everything in it afterwards, whether `body` returns or throws.
public func withTemporaryDirectory<T>(_ prefix: String = "rampart-test", _ body: (URL) throws -> T) throws -> T {
    let directory = try makeTemporaryDirectory(prefix)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
}

/// The asynchronous form of `withTemporaryDirectory(_:_:)`.
public func withTemporaryDirectory<T>(_ prefix: String = "rampart-test", _ body: (URL) async throws -> T) async throws -> T {
    let directory = try makeTemporaryDirectory(prefix)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try await body(directory)
}

private func makeTemporaryDirectory(_ prefix: String) throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}
