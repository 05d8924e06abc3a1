import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a transformation from one file to a temporary file beside the destination, renamed over the destination only
/// if the transformation succeeds (after `fsync`); on failure the temporary file is removed and the destination is
/// untouched. Reads and writes go straight to the file descriptors, into and from the caller's buffers.
enum FileTransform {
    static func run(input: String, output: String, progress: @escaping ArtifactCipher.Progress,
                    _ body: (inout FileReader, FileWriter) throws(KeyError) -> Void) throws(KeyError) {
        let source = open(input, O_RDONLY | O_CLOEXEC)
        guard source >= 0 else { throw KeyError(.storage, "cannot read \(input): \(String(cString: strerror(errno)))") }
        defer { close(source) }
        var status = stat()
        let total = fstat(source, &status) == 0 ? Int64(status.st_size) : 0
        let destination = URL(fileURLWithPath: output)
        let temporary = destination.deletingLastPathComponent().appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).tmp").path
        let sink = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard sink >= 0 else { throw KeyError(.storage, "cannot write beside \(output): \(String(cString: strerror(errno)))") }
        var reader = FileReader(descriptor: source, path: input, total: total, progress: progress)
        let writer = FileWriter(descriptor: sink, path: temporary)
        do throws(KeyError) {
            try body(&reader, writer)
            guard fsync(sink) == 0 else { throw KeyError(.storage, "cannot write \(temporary): \(String(cString: strerror(errno)))") }
        } catch {
            close(sink)
            unlink(temporary)
            throw error
        }
        close(sink)
        guard rename(temporary, output) == 0 else {
            unlink(temporary)
            throw KeyError(.storage, "cannot replace \(output): \(String(cString: strerror(errno)))")
        }
    }
}

/// Reads exactly the bytes asked for (fewer only at the end of the file) and reports progress.
struct FileReader {
    let descriptor: Int32
    let path: String
    let total: Int64
    let progress: ArtifactCipher.Progress
    var done: Int64 = 0

    /// Fills `buffer[0..<count]` as far as the file goes; returns how many bytes were read.
    mutating func read(into buffer: inout [UInt8], count: Int) throws(KeyError) -> Int {
        precondition(count <= buffer.count)
        var filled = 0
        let descriptor = descriptor
        let failure: Int32? = buffer.withUnsafeMutableBytes { bytes in
            while filled < count {
                let got = Glibc.read(descriptor, bytes.baseAddress! + filled, count - filled)
                if got < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if got == 0 { break }
                filled += got
            }
            return nil
        }
        if let failure { throw KeyError(.storage, "reading \(path) failed: \(String(cString: strerror(failure)))") }
        done += Int64(filled)
        progress(done, total)
        return filled
    }

    /// Reads past `count` bytes (the header, already parsed).
    mutating func skip(_ count: Int) throws(KeyError) {
        var scratch = [UInt8](repeating: 0, count: count)
        guard try read(into: &scratch, count: count) == count else { throw KeyError(.malformed, "\(path): the header is cut short") }
    }
}

/// Writes whole buffers to a file descriptor.
struct FileWriter {
    let descriptor: Int32
    let path: String

    func write(_ parts: any ContiguousBytes...) throws(KeyError) {
        for part in parts {
            let failure: Int32? = part.withUnsafeBytes { bytes in
                var written = 0
                while written < bytes.count {
                    let put = Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
                    if put < 0 {
                        if errno == EINTR { continue }
                        return errno
                    }
                    written += put
                }
                return nil
            }
            if let failure { throw KeyError(.storage, "writing \(path) failed: \(String(cString: strerror(failure)))") }
        }
    }
}
