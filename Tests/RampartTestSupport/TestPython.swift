public import Foundation

/// The Python of the venv `scripts/test` makes (official clients, botocore, test peers), and the scripts in
/// `Tests/clients`.
public enum TestPython {
    public struct Missing: Error, CustomStringConvertible {
        public var description: String { "RAMPART_TEST_PYTHON is not set; run the tests through scripts/test, which installs the clients" }
    }

    /// The repository's root.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func interpreter() throws -> URL {
        guard let python = ProcessInfo.processInfo.environment["RAMPART_TEST_PYTHON"] else { throw Missing() }
        return URL(fileURLWithPath: python)
    }

    public static func script(_ name: String) -> String {
        root.appendingPathComponent("Tests/clients/\(name)").path
    }

    /// Runs `Tests/clients/<name>` to completion.
    public static func run(_ name: String, _ arguments: [String] = [], stdin: String = "") async throws -> ChildProcess.Result {
        try await ChildProcess.run(try interpreter(), [script(name)] + arguments, stdin: stdin)
    }

    /// Starts `Tests/clients/<name>` in the background (a peer that prints its port on its first line).
    public static func start(_ name: String, _ arguments: [String] = []) async throws -> BackgroundProcess {
        try await BackgroundProcess.start(try interpreter(), [script(name)] + arguments)
    }
}
