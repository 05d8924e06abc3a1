import Foundation
import RampartCore
import RampartMatrix
import RampartYAML

enum Fixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let examples = packageRoot.appendingPathComponent("examples/workloads").path
    /// A fixed moment, so reports and attestation ages are reproducible.
    static let now = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18
    static let clock = WallClock.fixed(now)

    static func catalog() throws -> ControlCatalog { try ControlCatalog.bundled() }

    static func load(_ yaml: String, file: String = "w.yaml") throws(InputErrors) -> [LoadedWorkload] {
        let catalog: ControlCatalog
        do { catalog = try ControlCatalog.bundled() } catch { throw error }
        return try ManifestLoader(catalog: catalog, clock: clock).load(YAMLSource(text: yaml, file: file))
    }

    static func errors(_ yaml: String) -> [InputError] {
        do {
            _ = try load(yaml)
            return []
        } catch {
            return error.errors
        }
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Compares text with a golden file in Tests/RampartMatrixTests/Golden; `RAMPART_UPDATE_GOLDEN=1` rewrites it.
    /// The package root is replaced by `<root>` first, so the files do not depend on where the checkout is.
    static func matchesGolden(_ rendered: String, _ name: String) throws -> Bool {
        let text = rendered.replacingOccurrences(of: packageRoot.path, with: "<root>")
        let url = packageRoot.appendingPathComponent("Tests/RampartMatrixTests/Golden/\(name)")
        if ProcessInfo.processInfo.environment["RAMPART_UPDATE_GOLDEN"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return true
        }
        return (try String(contentsOf: url, encoding: .utf8)) == text
    }
}
