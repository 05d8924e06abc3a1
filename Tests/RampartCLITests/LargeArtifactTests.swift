import Foundation
import RampartKeys
import Synchronization
import RampartTestSupport
import Testing

/// The keys issue's "done when": a 2 GiB file encrypts and decrypts through `rampart artifacts` with a progress bar
/// and flat memory (the process's peak resident memory does not grow past the first tenth of the file). It writes 4 GiB to the temporary directory and takes a minute or so, so it runs where
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
        var resident: [String: [Int]] = [:]
        for name in ["small", "large"] {
            let (encrypted, encryptPeak) = try await Self.runWatchingMemory(
                ["artifacts", "encrypt", "--key", "model:big", path("\(name).bin"), path("\(name).rmp")] + state, marker: path("\(name).bin"))
            #expect(encrypted.status == 0, "\(encrypted.stderr)")
            let (decrypted, decryptPeak) = try await Self.runWatchingMemory(
                ["artifacts", "decrypt", "--key", "model:big", path("\(name).rmp"), path("\(name).out")] + state + credential("default"),
                marker: path("\(name).rmp"))
            #expect(decrypted.status == 0, "\(decrypted.stderr)")
            resident["\(name) encrypt"] = encryptPeak
            resident["\(name) decrypt"] = decryptPeak
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
        // Flat: the peak after the first tenth of the 2 GiB is the peak at the end, within a few MiB.
        for operation in ["encrypt", "decrypt"] {
            let samples = resident["large \(operation)", default: []]
            #expect(samples.count >= 20, "\(operation): \(samples.count) samples")
            if samples.count >= 20 { #expect(samples.last! - samples[samples.count / 10] < 8 * 1024, "\(operation): \(samples)") }
        }
        print("peak resident memory (KiB), first tenth → end: \(resident.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.isEmpty ? 0 : $0.value[$0.value.count / 10]) → \($0.value.last ?? 0)" })")
    }

    /// Runs the CLI and, while it runs, samples the peak resident memory so far (`VmHWM`, KiB) of the `rampart`
    /// process whose command line holds `marker`, every 50 ms. (`wait4`'s `ru_maxrss` cannot be used: `posix_spawn` starts the child in the test
    /// runner's address space, whose peak it then reports.)
    static func runWatchingMemory(_ arguments: [String], marker: String) async throws -> (ChildProcess.Result, [Int]) {
        let peak = Mutex<[Int]>([])
        let done = Mutex(false)
        let watcher = Task.detached {
            while !done.withLock({ $0 }) {
                for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] where entry.allSatisfy(\.isNumber) {
                    guard let cmdline = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"),
                          String(decoding: cmdline, as: UTF8.self).contains(marker), !String(decoding: cmdline, as: UTF8.self).hasPrefix("/bin/sh"),
                          let status = try? String(contentsOfFile: "/proc/\(entry)/status", encoding: .utf8),
                          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
                          let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
                    else { continue }
                    peak.withLock { $0.append(kilobytes) }
                }
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
        let result = try await CLI.run(arguments)
        done.withLock { $0 = true }
        await watcher.value
        return (result, peak.withLock { $0 })
    }

    /// The length of an artifact's header and tail (segment size and nonce prefix, 11 bytes): what is not segments.
    func headerLength(_ path: String) throws -> Int64 {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let start = try handle.read(upToCount: 64 * 1024) ?? Data()
        return Int64(try EnvelopeHeader.parse(start, kind: EnvelopeHeader.streamKind, what: path).1 + 11)
    }
}
