import Crypto
import Foundation

/// Encrypts and decrypts files of any size (datasets, checkpoints, model weights) in constant memory, as a
/// segmented stream: a header (as an envelope's, kind `S`, then the segment size and a 7-byte nonce prefix), then
/// segments of `segmentSize` bytes, each sealed with AES-256-GCM under the file's own data key with the nonce
/// `prefix ‖ index (u32) ‖ final flag (u8)` and, as associated data, the digest of the object's context, the header's
/// commitment, the segment size and the prefix. Truncation, reordering, splicing from another file and appended
/// bytes all fail authentication.
///
/// Output goes to a temporary file beside the destination and is renamed over it only when everything verified;
/// on any failure the temporary file is removed and the destination is untouched. Two buffers of one segment each
/// are reused for the whole file.
public struct ArtifactCipher: Sendable {
    public var envelopes: EnvelopeCipher
    public var segmentSize: Int

    public init(envelopes: EnvelopeCipher, segmentSize: Int = 1 << 20) {
        self.envelopes = envelopes
        self.segmentSize = segmentSize
    }

    /// Progress: bytes of input done, and the input's size.
    public typealias Progress = @Sendable (_ done: Int64, _ total: Int64) -> Void

    /// The bytes after the header: the segment size (u32) and the nonce prefix.
    static let tailLength = 11

    static func associatedData(_ context: EncryptionContext, _ header: EnvelopeHeader, tail: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: context.payload.encoded + header.bound + tail))
    }

    public func encrypt(input: String, output: String, keys: [KeyReference], context: EncryptionContext,
                        progress: @escaping Progress = { _, _ in }) async throws(KeyError) {
        let (dataKey, header) = try await envelopes.newDataKey(keys: keys, kind: EnvelopeHeader.streamKind, context: context)
        let prefix = (0..<7).map { _ in UInt8.random(in: 0...255) }
        var tail: [UInt8] = []
        withUnsafeBytes(of: UInt32(segmentSize).bigEndian) { tail += $0 }
        tail += prefix
        let associated = Self.associatedData(context, header, tail: tail)
        let what = context.what
        let size = segmentSize
        try FileTransform.run(input: input, output: output, progress: progress) { reader, writer throws(KeyError) in
            try writer.write(header.encoded + tail)
            var segment = [UInt8](repeating: 0, count: size)
            var next = [UInt8](repeating: 0, count: size)
            var count = try reader.read(into: &segment, count: size)
            var index: UInt32 = 0
            while true {
                let nextCount = count == size ? try reader.read(into: &next, count: size) : 0
                let final = nextCount == 0
                do {
                    let box = try segment.withUnsafeBytes { buffer in
                        try AES.GCM.seal(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), using: dataKey.payloadKey,
                                         nonce: Self.nonce(prefix, index, final), authenticating: associated)
                    }
                    try writer.write(box.ciphertext, box.tag)
                } catch let error as KeyError {
                    throw error
                } catch {
                    throw KeyError(.malformed, "sealing segment \(index) of \(what) failed: \(error)")
                }
                if final { return }
                guard index < UInt32.max else { throw KeyError(.malformed, "\(what) has more segments than the format counts (2^32)") }
                swap(&segment, &next)
                count = nextCount
                index += 1
            }
        }
    }

    /// Reads the header of an encrypted artifact: the header, its length with the tail, and the tail.
    static func header(of input: String, what: String) throws(KeyError) -> (EnvelopeHeader, Int, [UInt8]) {
        guard let handle = FileHandle(forReadingAtPath: input) else { throw KeyError(.storage, "cannot read \(input)") }
        let start = (try? handle.read(upToCount: 70 * 1024)) ?? Data()
        try? handle.close()
        let (header, headerLength) = try EnvelopeHeader.parse(Array(start), kind: EnvelopeHeader.streamKind, what: what)
        guard start.count >= headerLength + tailLength else { throw KeyError(.malformed, "\(what): the header is cut short") }
        return (header, headerLength + tailLength, Array(start[headerLength..<headerLength + tailLength]))
    }

    /// Decrypts `input`; `admit` sees the header (its key version) first and may refuse it, before any key is used.
    public func decrypt(input: String, output: String, context: EncryptionContext, progress: @escaping Progress = { _, _ in },
                        admit: (EnvelopeHeader) async throws(KeyError) -> Void = { _ in }) async throws(KeyError) {
        let what = "the artifact \(input)"
        let (header, length, tail) = try Self.header(of: input, what: what)
        let size = Int(tail[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        guard (1024...(64 << 20)).contains(size) else { throw KeyError(.malformed, "\(what): a segment size of \(size) bytes is out of range") }
        let prefix = Array(tail[4...])
        try await admit(header)
        let dataKey = try await envelopes.unwrap(header, context: context, what: what)
        let associated = Self.associatedData(context, header, tail: tail)
        try FileTransform.run(input: input, output: output, progress: progress) { reader, writer throws(KeyError) in
            try reader.skip(length)
            var segment = [UInt8](repeating: 0, count: size + 16)
            var next = [UInt8](repeating: 0, count: size + 16)
            var count = try reader.read(into: &segment, count: size + 16)
            var index: UInt32 = 0
            while true {
                guard count >= 16 else { throw KeyError(.authenticationFailed, "\(what) is cut short before segment \(index)") }
                let nextCount = count == size + 16 ? try reader.read(into: &next, count: size + 16) : 0
                let final = nextCount == 0
                let plain: Data
                do {
                    plain = try segment.withUnsafeBytes { buffer in
                        let box = try AES.GCM.SealedBox(nonce: Self.nonce(prefix, index, final),
                                                        ciphertext: UnsafeRawBufferPointer(rebasing: buffer[0..<count - 16]),
                                                        tag: UnsafeRawBufferPointer(rebasing: buffer[count - 16..<count]))
                        return try AES.GCM.open(box, using: dataKey.payloadKey, authenticating: associated)
                    }
                } catch {
                    throw KeyError(.authenticationFailed, "\(what): segment \(index) does not verify (altered, cut, reordered, or from another file)")
                }
                try writer.write(plain)
                if final { return }
                guard index < UInt32.max else { throw KeyError(.malformed, "\(what) has more segments than the format counts (2^32)") }
                swap(&segment, &next)
                count = nextCount
                index += 1
            }
        }
    }

    /// Rewraps an encrypted artifact's data key under `keys` (a newer version), writing `output`; the segments are
    /// copied as they are.
    public func rewrap(input: String, output: String, keys: [KeyReference], context: EncryptionContext,
                       progress: @escaping Progress = { _, _ in }, admit: (EnvelopeHeader) async throws(KeyError) -> Void = { _ in }) async throws(KeyError) {
        let what = "the artifact \(input)"
        let (header, length, tail) = try Self.header(of: input, what: what)
        try await admit(header)
        let rewrapped = try await envelopes.rewrap(header, to: keys, context: context)
        let size = segmentSize
        try FileTransform.run(input: input, output: output, progress: progress) { reader, writer throws(KeyError) in
            try reader.skip(length)
            try writer.write(rewrapped.encoded + tail)
            var buffer = [UInt8](repeating: 0, count: size)
            while case let count = try reader.read(into: &buffer, count: size), count > 0 {
                try writer.write(buffer[0..<count])
            }
        }
    }

    static func nonce(_ prefix: [UInt8], _ index: UInt32, _ final: Bool) throws -> AES.GCM.Nonce {
        var bytes = prefix
        withUnsafeBytes(of: index.bigEndian) { bytes += $0 }
        bytes.append(final ? 1 : 0)
        return try AES.GCM.Nonce(data: bytes)
    }
}
