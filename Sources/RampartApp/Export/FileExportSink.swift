import Foundation
import RampartAudit

/// OCSF events as JSON lines appended to a file, synced to disk after each batch.
struct FileExportSink: ExportSink {
    let path: String

    func send(_ events: [CanonicalJSON]) async throws {
        guard !events.isEmpty else { return }
        var bytes: [UInt8] = []
        for event in events {
            bytes += event.encoded
            bytes.append(0x0A)
        }
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw ExportError(description: "cannot open \(path) for appending (errno \(errno))") }
        defer { _ = Foundation.close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw ExportError(description: "cannot append to \(path) (errno \(errno))")
            }
            offset += written
        }
        guard fsync(descriptor) == 0 else { throw ExportError(description: "cannot sync \(path) (errno \(errno))") }
    }
}
