import Crypto
import Foundation

/// Encrypts and decrypts files of any size (datasets, checkpoints, model weights) in constant memory, as a
/// segmented stream: a header (as an envelope's, kind `S`, then the segment size and a 7-byte nonce prefix), then
/// segments of `segmentSize` bytes, each sealed with AES-256-GCM under the file's data key with the nonce
/// `prefix ‖ index (u32) ‖ final flag (u8)` and the digest of the context and header as associated data. Truncation,
/// reordering, splicing from another file and appended bytes all fail authentication.
///
/// Output goes to a temporary file beside the destination and is renamed over it only when everything verified;
/// on any failure the temporary file is removed and the destination is untouched.
public struct ArtifactCipher: Sendable {
    public var envelopes: EnvelopeCipher
    public var segmentSize: Int

    public init(envelopes: EnvelopeCipher, segmentSize: Int = 1 << 20) {
        self.envelopes = envelopes
        self.segmentSize = segmentSize
    }

    /// Progress: bytes of input done, and the input's size.
    public typealias Progress = @Sendable (_ done: Int64, _ total: Int64) -> Void

    public func encrypt(input: String, output: String, keys: [KeyReference], context: EncryptionContext,
                        progress: @escaping Progress = { _, _ in }) async throws(KeyError) {
        let (dataKey, header, context) = try await envelopes.newDataKey(keys: keys, kind: EnvelopeHeader.streamKind, context: context)
        let prefix = (0..<7).map { _ in UInt8.random(in: 0...255) }
        var head = header.encoded
        withUnsafeBytes(of: UInt32(segmentSize).bigEndian) { head += $0 }
        head += prefix
        let associated = Array(SHA256.hash(data: context.encoded + head))
        try Self.transform(input: input, output: output, what: context.objectID, progress: progress) { reader, writer throws(KeyError) in
            try writer.write(head)
            var index: UInt32 = 0
            var segment = try reader.read(segmentSize)
            while true {
                let next = segment.count == segmentSize ? try reader.read(segmentSize) : Data()
                let final = next.isEmpty
                do {
                    let box = try AES.GCM.seal(segment, using: dataKey, nonce: Self.nonce(prefix, index, final), authenticating: associated)
                    try writer.write(Array(box.ciphertext) + Array(box.tag))
                } catch let error as KeyError {
                    throw error
                } catch {
                    throw KeyError(.malformed, "sealing segment \(index) of \(context.objectID) failed: \(error)")
                }
                if final { return }
                segment = next
                index += 1
            }
        }
    }

    /// Decrypts `input`; `admit` sees the header (its key version) first and may refuse it, before any key is used.
    public func decrypt(input: String, output: String, context: EncryptionContext, progress: @escaping Progress = { _, _ in },
                        admit: (EnvelopeHeader) async throws(KeyError) -> Void = { _ in }) async throws(KeyError) {
        let what = "the artifact \(input)"
        guard let handle = FileHandle(forReadingAtPath: input) else { throw KeyError(.storage, "cannot read \(input)") }
        let start = (try? handle.read(upToCount: 70 * 1024)) ?? Data()
        try? handle.close()
        let (header, headerLength) = try EnvelopeHeader.parse(Array(start), kind: EnvelopeHeader.streamKind, what: what)
        guard start.count >= headerLength + 11 else { throw KeyError(.malformed, "\(what): the header is cut short") }
        let tail = Array(start[headerLength..<headerLength + 11])
        let size = Int(tail[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        guard (1024...(64 << 20)).contains(size) else { throw KeyError(.malformed, "\(what): a segment size of \(size) bytes is out of range") }
        let prefix = Array(tail[4..<11])
        try await admit(header)
        var context = context
        context.keyVersion = header.keyVersion
        let dataKey = try await envelopes.unwrap(header, context: context, what: what)
        let associated = Array(SHA256.hash(data: context.encoded + Array(start[..<(headerLength + 11)])))
        try Self.transform(input: input, output: output, what: what, progress: progress) { reader, writer throws(KeyError) in
            _ = try reader.read(headerLength + 11)
            var index: UInt32 = 0
            var segment = try reader.read(size + 16)
            while true {
                guard segment.count >= 16 else { throw KeyError(.authenticationFailed, "\(what) is cut short before segment \(index)") }
                let next = segment.count == size + 16 ? try reader.read(size + 16) : Data()
                let final = next.isEmpty
                let plain: Data
                do {
                    let box = try AES.GCM.SealedBox(nonce: Self.nonce(prefix, index, final), ciphertext: segment.dropLast(16), tag: segment.suffix(16))
                    plain = try AES.GCM.open(box, using: dataKey, authenticating: associated)
                } catch {
                    throw KeyError(.authenticationFailed, "\(what): segment \(index) does not verify (altered, cut, reordered, or from another file)")
                }
                try writer.write(Array(plain))
                if final { return }
                segment = next
                index += 1
            }
        }
    }

    static func nonce(_ prefix: [UInt8], _ index: UInt32, _ final: Bool) throws -> AES.GCM.Nonce {
        var bytes = prefix
        withUnsafeBytes(of: index.bigEndian) { bytes += $0 }
        bytes.append(final ? 1 : 0)
        return try AES.GCM.Nonce(data: bytes)
    }

    /// Runs `body` with a reader of `input` and a writer of a temporary file beside `output`, renamed over `output`
    /// only if `body` succeeds.
    static func transform(input: String, output: String, what: String, progress: @escaping Progress,
                          _ body: (inout SegmentReader, inout SegmentWriter) throws(KeyError) -> Void) throws(KeyError) {
        guard let source = FileHandle(forReadingAtPath: input) else { throw KeyError(.storage, "cannot read \(input)") }
        defer { try? source.close() }
        let total = (try? FileManager.default.attributesOfItem(atPath: input)[.size] as? Int64) ?? 0
        let destination = URL(fileURLWithPath: output)
        let temporary = destination.deletingLastPathComponent().appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let sink = FileHandle(forWritingAtPath: temporary.path)
        else { throw KeyError(.storage, "cannot write beside \(output)") }
        var reader = SegmentReader(handle: source, total: total, progress: progress)
        var writer = SegmentWriter(handle: sink, path: temporary.path)
        do {
            try body(&reader, &writer)
            try sink.synchronize()
            try sink.close()
        } catch {
            try? sink.close()
            try? FileManager.default.removeItem(at: temporary)
            if let error = error as? KeyError { throw error }
            throw KeyError(.storage, "cannot write \(temporary.path): \(error)")
        }
        guard rename(temporary.path, output) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw KeyError(.storage, "cannot replace \(output)")
        }
    }
}

/// Reads exactly the bytes asked for (fewer only at the end of the file) and reports progress.
struct SegmentReader {
    let handle: FileHandle
    let total: Int64
    let progress: ArtifactCipher.Progress
    var done: Int64 = 0

    mutating func read(_ count: Int) throws(KeyError) -> Data {
        var data = Data()
        while data.count < count {
            let piece: Data?
            do { piece = try handle.read(upToCount: count - data.count) } catch { throw KeyError(.storage, "reading failed: \(error)") }
            guard let piece, !piece.isEmpty else { break }
            data += piece
        }
        done += Int64(data.count)
        progress(done, total)
        return data
    }
}

struct SegmentWriter {
    let handle: FileHandle
    let path: String

    func write(_ bytes: [UInt8]) throws(KeyError) {
        do { try handle.write(contentsOf: bytes) } catch { throw KeyError(.storage, "writing \(path) failed: \(error)") }
    }
}
