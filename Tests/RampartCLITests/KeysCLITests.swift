import Foundation
import RampartTestSupport
import Testing

/// `rampart artifacts` and `rampart keys` as an operator runs them: round trips, refusals with exit codes and
/// nothing written, status, rotation and shredding.
@Suite struct KeysCLITests {
    @Test func artifactsRoundTripAndEveryRefusalLeavesNothingBehind() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        let data = ["--data-dir", path("data")]
        let plain = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 11) }
        try Data(plain).write(to: URL(fileURLWithPath: path("weights.bin")))

        let encrypted = try await CLI.run(["artifacts", "encrypt", "--key", "model:fraud", path("weights.bin"), path("weights.rmp")] + data)
        #expect(encrypted.status == 0, "\(encrypted.stderr)")
        #expect(encrypted.stderr.contains("encrypting [") && encrypted.stderr.contains("100%"), "no progress bar: \(encrypted.stderr)")
        let decrypted = try await CLI.run(["artifacts", "decrypt", "--key", "model:fraud", path("weights.rmp"), path("weights.out")] + data)
        #expect(decrypted.status == 0, "\(decrypted.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path("weights.out"))) == Data(plain))

        var altered = try Data(contentsOf: URL(fileURLWithPath: path("weights.rmp")))
        altered[2_000_000] ^= 0x10
        try altered.write(to: URL(fileURLWithPath: path("altered.rmp")))
        let refusals: [([String], String)] = [
            (["--key", "model:fraud", path("altered.rmp"), path("out1")], "segment 1 does not verify"),
            (["--key", "model:other", path("weights.rmp"), path("out2")], "which the catalog does not know"),
            (["--key", "model:fraud", "--object", "weights-v2", path("weights.rmp"), path("out3")], "does not unwrap"),
            (["--key", "model:fraud", path("weights.bin"), path("out4")], "is not Rampart ciphertext"),
        ]
        for (arguments, cause) in refusals {
            let run = try await CLI.run(["artifacts", "decrypt"] + arguments + data)
            #expect(run.status == 2, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains(cause), "\(arguments): \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: arguments[arguments.count - 1]))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tmp") }.isEmpty)
    }

    @Test func keysStatusRotateAndShred() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = ["--data-dir", directory.appendingPathComponent("data").path]
        let input = directory.appendingPathComponent("x").path
        try Data("dataset".utf8).write(to: URL(fileURLWithPath: input))
        _ = try await CLI.run(["artifacts", "encrypt", "--key", "model:m", "--tenant", "acme", input, input + ".rmp"] + data)

        let rotated = try await CLI.run(["keys", "rotate", "--tenant", "acme", "--owner", "model:m", "--purpose", "artifacts"] + data)
        #expect(rotated.status == 0, "\(rotated.stderr)")
        #expect(rotated.stdout.contains("v2"))
        let status = try await CLI.run(["keys", "status"] + data)
        #expect(status.stdout.contains("v1") && status.stdout.contains("older (opens)") && status.stdout.contains("current"), "\(status.stdout)")
        // Encrypted under v1, still opens after the rotation.
        let opened = try await CLI.run(["artifacts", "decrypt", "--key", "model:m", "--tenant", "acme", input + ".rmp", input + ".out"] + data)
        #expect(opened.status == 0, "\(opened.stderr)")

        let shredded = try await CLI.run(["keys", "shred", "model:m", "--tenant", "acme"] + data)
        #expect(shredded.status == 0 && shredded.stdout.contains("destroyed 2 provider key(s)"), "\(shredded.stdout) \(shredded.stderr)")
        let gone = try await CLI.run(["artifacts", "decrypt", "--key", "model:m", "--tenant", "acme", input + ".rmp", input + ".again"] + data)
        #expect(gone.status == 2 && gone.stderr.contains("keys.key_destroyed"), "\(gone.stderr)")
        // The keyring itself never holds the key material in the clear, and is private to its owner.
        let keyring = directory.appendingPathComponent("data/keyring.json").path
        #expect((try FileManager.default.attributesOfItem(atPath: keyring)[.posixPermissions] as? Int) == 0o600)
    }
}
