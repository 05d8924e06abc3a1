public import Foundation

/// Writes files whole or not at all: the bytes go to a temporary file beside the target, are flushed to disk, then
/// the file is renamed over the target. On failure the temporary file is removed and the target is untouched.
public enum AtomicFile {
    public static func write(_ text: String, to path: String, permissions: Int = 0o644) throws {
        try write(Data(text.utf8), to: path, permissions: permissions)
    }

    public static func write(_ data: Data, to path: String, permissions: Int = 0o644) throws {
        let target = URL(fileURLWithPath: path)
        let directory = target.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(target.lastPathComponent).tmp-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: temporary.path, contents: data, attributes: [.posixPermissions: permissions]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.synchronize()
            try handle.close()
            if rename(temporary.path, target.path) != 0 {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
