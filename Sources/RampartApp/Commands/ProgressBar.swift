import Foundation

/// A progress bar on standard error, redrawn at most once per percent.
public final class ProgressBar: @unchecked Sendable {
    /// What the counts are.
    public enum Unit: Sendable { case bytes, count }

    let label: String
    let unit: Unit
    var last = -1
    let lock = NSLock()

    public init(label: String, unit: Unit = .bytes) {
        self.label = label
        self.unit = unit
    }

    public func update(_ done: Int64, _ total: Int64) {
        let percent = total > 0 ? Int(min(100, done * 100 / total)) : 100
        let line: String? = lock.withLock {
            guard percent != last else { return nil }
            last = percent
            let filled = percent * 30 / 100
            return "\r\(label) [\(String(repeating: "#", count: filled))\(String(repeating: "-", count: 30 - filled))] \(percent)% "
                + (unit == .bytes ? "\(Self.size(done)) / \(Self.size(total))" : "\(done) / \(total)") + (percent == 100 ? "\n" : "")
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    static func size(_ bytes: Int64) -> String {
        bytes >= 1 << 30 ? String(format: "%.2f GiB", Double(bytes) / Double(1 << 30)) : String(format: "%.1f MiB", Double(bytes) / Double(1 << 20))
    }
}
