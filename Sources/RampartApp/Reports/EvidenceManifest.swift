import Crypto
import Foundation
import RampartAudit
import RampartCore

/// The manifest of an evidence bundle: every file's SHA-256 and size, in a C2SP signed note, so that an auditor
/// holding the evidence key can tell that nothing was changed, added or left out.
///
/// ```
/// rampart evidence bundle v1
/// origin rampart.local/audit
/// generated_at 2026-11-22T10:15:00.000Z
/// 3f1c… 1824 access-policy.json
/// ```
struct EvidenceManifest: Sendable, Hashable {
    static let header = "rampart evidence bundle v1"
    static let fileName = "MANIFEST"

    struct Entry: Sendable, Hashable {
        var name: String
        var sha256: String
        var size: Int
    }

    var origin: String
    var generatedAt: Date
    var entries: [Entry]

    init(origin: String, generatedAt: Date, files: [(name: String, bytes: [UInt8])]) {
        self.origin = origin
        self.generatedAt = generatedAt
        entries = files.map { Entry(name: $0.name, sha256: Hex.encode(Array(SHA256.hash(data: $0.bytes))), size: $0.bytes.count) }
            .sorted { $0.name < $1.name }
    }

    var text: String {
        ([Self.header, "origin \(origin)", "generated_at \(AuditEvent.timestamp(generatedAt))"] + entries.map { "\($0.sha256) \($0.size) \($0.name)" })
            .map { $0 + "\n" }.joined()
    }

    /// Reads a manifest's text; nil when it is not one.
    init?(text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard text.hasSuffix("\n"), lines.count >= 4, lines[0] == Substring(Self.header), lines[1].hasPrefix("origin "), lines[2].hasPrefix("generated_at "),
              let generated = AuditEvent.parseTimestamp(String(lines[2].dropFirst("generated_at ".count)))
        else { return nil }
        origin = String(lines[1].dropFirst("origin ".count))
        generatedAt = generated
        var entries: [Entry] = []
        for line in lines.dropFirst(3).dropLast() {
            let parts = line.split(separator: " ", maxSplits: 2)
            guard parts.count == 3, parts[0].count == 64, let size = Int(parts[1]), !parts[2].contains("/"), parts[2] != ".." else { return nil }
            entries.append(Entry(name: String(parts[2]), sha256: String(parts[0]), size: size))
        }
        self.entries = entries
    }

    /// What differs between the manifest and the files in `directory`: changed, missing and unlisted files.
    func problems(in directory: URL) -> [String] {
        var problems: [String] = []
        for entry in entries {
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(entry.name).path) else {
                problems.append("\(entry.name) is missing")
                continue
            }
            if Hex.encode(Array(SHA256.hash(data: data))) != entry.sha256 || data.count != entry.size { problems.append("\(entry.name) was changed") }
        }
        let listed = Set(entries.map(\.name) + [Self.fileName])
        let present = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in present.sorted() where !listed.contains(name) { problems.append("\(name) is not in the manifest") }
        return problems
    }
}
