import Foundation
import RampartPosture
import RampartTestSupport

/// The fixture templates and plans, and golden files, of the posture tests.
enum PostureFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let packageRoot = root.deletingLastPathComponent().deletingLastPathComponent()

    /// Every fixture, relative to the fixtures folder: `cloudformation/genai-insecure.yaml`, `terraform/aws-secure.plan.json`.
    static let all: [String] = {
        let base = root.appendingPathComponent("Fixtures").path
        let files = (FileManager.default.enumerator(atPath: base)?.allObjects as? [String]) ?? []
        return files.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".json")) && !$0.hasPrefix("recorded/") }.sorted()
    }()

    static func path(_ name: String) -> String { root.appendingPathComponent("Fixtures/\(name)").path }

    /// Scans one fixture on its own (fixtures reuse names, so they are never merged into one model).
    static func scan(_ name: String, settings: PostureSettings = PostureSettings()) throws -> ScanReport {
        try PostureScanner(settings: settings).scan(paths: [path(name)])
    }

    /// Scans the recorded account (AWS answers moto does not give) through the live reader.
    static func scanRecordedAccount(settings: PostureSettings = PostureSettings()) async throws -> ScanReport {
        let transport = try RecordedAWSTransport()
        return try await PostureScanner(settings: settings).scan(account: AWSAccountReader(transport: transport, regions: transport.regions))
    }

    /// Runs `body` with the path of a file `name` holding `text`, in a temporary directory removed afterwards.
    static func withTemporaryFile<T>(_ text: String, name: String = "template.yaml", _ body: (String) throws -> T) throws -> T {
        try withTemporaryDirectory("rampart-posture") { directory in
            let url = directory.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return try body(url.path)
        }
    }

    /// Compares with Tests/RampartPostureTests/Golden/NAME; `RAMPART_UPDATE_GOLDEN=1` rewrites it for review.
    static func matchesGolden(_ rendered: String, _ name: String) throws -> Bool {
        let text = rendered.replacingOccurrences(of: packageRoot.path + "/", with: "")
        let url = root.appendingPathComponent("Golden/\(name)")
        if ProcessInfo.processInfo.environment["RAMPART_UPDATE_GOLDEN"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return true
        }
        return (try String(contentsOf: url, encoding: .utf8)) == text
    }
}
