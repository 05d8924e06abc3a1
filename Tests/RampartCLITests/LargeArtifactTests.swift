import Foundation
import RampartTestSupport
import Testing

/// The keys issue's "done when": a 2 GiB file encrypts and decrypts through `rampart artifacts` with a progress bar
/// and flat memory. It writes 4 GiB to the temporary directory and takes a minute or so, so it runs where
/// `RAMPART_TEST_LARGE_ARTIFACTS=1` is set: `scripts/test` sets it.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["RAMPART_TEST_LARGE_ARTIFACTS"] == "1"))
struct LargeArtifactTests {
    /// Reads `path` in 8 MiB pieces: its size, and whether every byte is zero.
    static func zeros(_ path: String) throws -> (size: Int64, allZero: Bool) {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var size: Int64 = 0
        var allZero = true
        while let piece = try handle.read(upToCount: 8 << 20), !piece.isEmpty {
            size += Int64(piece.count)
            if allZero { allZero = piece.allSatisfy { $0 == 0 } }
        }
        return (size, allZero)
    }

    @Test func twoGibibytesEncryptAndDecryptInFlatMemoryWithAProgressBar() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        let (state, credential) = try await KeysCLITests.trainer(in: directory)
        let large: Int64 = 2 << 30, small: Int64 = 16 << 20
        // Sparse inputs: they read as zeros and take no disk; what is written is real ciphertext and plaintext.
        for (name, size) in [("small.bin", small), ("large.bin", large)] {
            #expect(FileManager.default.createFile(atPath: path(name), contents: nil))
            #expect(truncate(path(name), off_t(size)) == 0)
        }
        var resident: [String: Int] = [:]
        for name in ["small", "large"] {
            let encrypted = try await CLI.run(["artifacts", "encrypt", "--key", "model:big", path("\(name).bin"), path("\(name).rmp")] + state)
            #expect(encrypted.status == 0, "\(encrypted.stderr)")
            let decrypted = try await CLI.run(["artifacts", "decrypt", "--key", "model:big", path("\(name).rmp"), path("\(name).out")]
                + state + credential("default"))
            #expect(decrypted.status == 0, "\(decrypted.stderr)")
            resident["\(name) encrypt"] = encrypted.maximumResidentKilobytes
            resident["\(name) decrypt"] = decrypted.maximumResidentKilobytes
            if name == "large" {
                // The progress bar moved through the percentages to the end, on standard error.
                for run in [encrypted, decrypted] {
                    let steps = run.stderr.split(separator: "\r").filter { $0.contains("%") }
                    #expect(steps.count >= 50 && run.stderr.contains("100% 2.00 GiB / 2.00 GiB"), "\(run.stderr.suffix(300))")
                }
                let size = try FileManager.default.attributesOfItem(atPath: path("large.rmp"))[.size] as? Int64 ?? 0
                // 2,048 segments of 1 MiB, each with its 16-byte tag, after the header.
                #expect(size == large + 2048 * 16 + (try headerLength(path("large.rmp"))))
            }
            let out = try Self.zeros(path("\(name).out"))
            #expect(out == (name == "large" ? large : small, true))
            for suffix in ["rmp", "out"] { try FileManager.default.removeItem(atPath: path("\(name).\(suffix)")) }
        }
        // Flat: 128 times the data costs no more than a few MiB of memory more.
        for operation in ["encrypt", "decrypt"] {
            let grown = resident["large \(operation)", default: 0] - resident["small \(operation)", default: 0]
            #expect(grown < 16 * 1024, "\(operation): \(resident)")
        }
        print("peak resident memory (KiB): \(resident.sorted { $0.key < $1.key })")
    }

    /// The length of an artifact's header and tail, read from the file: what is not segments.
    func headerLength(_ path: String) throws -> Int64 {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let start = Array(try handle.read(upToCount: 4096) ?? Data())
        // magic(3) kind(1) format(1) version(4) commitment(32) copies(1), then per copy three u16-prefixed fields.
        var i = 42
        for _ in 0..<Int(start[41]) {
            for _ in 0..<3 { i += 2 + (Int(start[i]) << 8 | Int(start[i + 1])) }
        }
        return Int64(i + 11)
    }
}
