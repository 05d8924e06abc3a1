import Foundation
import RampartTestSupport
import Testing

/// `rampart artifacts` and `rampart keys` as an operator runs them: round trips, refusals with exit codes and
/// nothing written, status, rotation and shredding.
@Suite struct KeysCLITests {
    /// A configuration whose policy grants the service identity `trainer` (of one tenant) sealing
    /// and opening with model keys for artifacts, the principals, and an API key for each in a file: what decrypting
    /// needs, since the local operator never decrypts. Returns the arguments to add to each command.
    static func trainer(in directory: URL, tenant: String = "default") async throws -> (state: [String], credential: (String) -> [String]) {
        let policies = directory.appendingPathComponent("policies.yaml")
        try """
            rules:
              - id: trainer-uses-model-keys
                effect: permit
                principals: {ids: [trainer]}
                actions: [key:encrypt, key:decrypt]
                resources: {kinds: [key], ids: ["model:*/artifacts"]}
            """.write(to: policies, atomically: true, encoding: .utf8)
        try "identity:\n  policies: \(policies.path)\n".write(to: directory.appendingPathComponent("rampart.yaml"), atomically: true, encoding: .utf8)
        let state = ["--config", directory.appendingPathComponent("rampart.yaml").path, "--data-dir", directory.appendingPathComponent("data").path]
        let added = try await CLI.run(["principals", "add", "trainer", "--tenant", tenant, "--kind", "service"] + state)
        #expect(added.status == 0, "\(added.stderr)")
        let created = try await CLI.run(["apikeys", "create", "--principal", "trainer"] + state)
        #expect(created.status == 0, "\(created.stderr)")
        try (created.stdout.split(separator: "\n").first.map(String.init) ?? "")
            .write(to: directory.appendingPathComponent("trainer-\(tenant).key"), atomically: true, encoding: .utf8)
        return (state, { tenant in ["--credential-file", directory.appendingPathComponent("trainer-\(tenant).key").path] })
    }

    @Test func artifactsRoundTripAndEveryRefusalLeavesNothingBehind() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        let (state, credential) = try await Self.trainer(in: directory)
        let data = state + credential("default")
        let plain = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 11) }
        try Data(plain).write(to: URL(fileURLWithPath: path("weights.bin")))

        let encrypted = try await CLI.run(["artifacts", "encrypt", "--key", "model:fraud", path("weights.bin"), path("weights.rmp")] + data)
        #expect(encrypted.status == 0, "\(encrypted.stderr)")
        #expect(encrypted.stderr.contains("encrypting [") && encrypted.stderr.contains("100%"), "no progress bar: \(encrypted.stderr)")
        let decrypted = try await CLI.run(["artifacts", "decrypt", "--key", "model:fraud", path("weights.rmp"), path("weights.out")] + data)
        #expect(decrypted.status == 0, "\(decrypted.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path("weights.out"))) == Data(plain))

        // The local operator (no credential) seals but never decrypts; a bad credential is refused as such.
        let local = try await CLI.run(["artifacts", "decrypt", "--key", "model:fraud", path("weights.rmp"), path("local.out")] + state)
        #expect(local.status == 1 && local.stderr.contains("local-operator may not key:decrypt") && local.stderr.contains("builtin.keys.people-do-not-decrypt"),
                "\(local.stderr)")
        try "rk_notarealkey".write(to: URL(fileURLWithPath: path("bad.key")), atomically: true, encoding: .utf8)
        let forged = try await CLI.run(["artifacts", "decrypt", "--key", "model:fraud", "--credential-file", path("bad.key"), path("weights.rmp"),
                                        path("forged.out")] + state)
        #expect(forged.status == 1 && forged.stderr.contains("does not authenticate"), "\(forged.stderr)")
        #expect(!forged.stderr.contains("rk_notarealkey"))
        // A credential for another owner's keys does not reach these.
        let otherKey = try await CLI.run(["artifacts", "decrypt", "--key", "workload:hr", path("weights.rmp"), path("other.out")] + data)
        #expect(otherKey.status == 1 && otherKey.stderr.contains("no rule permits it"), "\(otherKey.stderr)")
        for refused in ["local.out", "forged.out", "other.out"] { #expect(!FileManager.default.fileExists(atPath: path(refused))) }

        // A rewrap after rotation moves the header to v2 and copies the segments; the result decrypts the same.
        #expect(try await CLI.run(["keys", "rotate", "--tenant", "default", "--owner", "model:fraud", "--purpose", "artifacts"] + state).status == 0)
        let rewrapped = try await CLI.run(["artifacts", "rewrap", "--key", "model:fraud", path("weights.rmp"), path("weights-v2.rmp")] + state)
        #expect(rewrapped.status == 0 && rewrapped.stdout.contains("under v2"), "\(rewrapped.stderr)")
        #expect(try await CLI.run(["keys", "retire", "--tenant", "default", "--owner", "model:fraud", "--purpose", "artifacts", "--version", "1"]
            + state).status == 0)
        let retired = try await CLI.run(["artifacts", "decrypt", "--key", "model:fraud", path("weights.rmp"), path("v1.out")] + data)
        #expect(retired.status == 2 && retired.stderr.contains("keys.key_retired"), "\(retired.stderr)")
        let fromV2 = try await CLI.run(["artifacts", "decrypt", "--key", "model:fraud", path("weights-v2.rmp"), path("v2.out")] + data)
        #expect(fromV2.status == 0, "\(fromV2.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path("v2.out"))) == Data(plain))

        var altered = try Data(contentsOf: URL(fileURLWithPath: path("weights-v2.rmp")))
        altered[2_000_000] ^= 0x10
        try altered.write(to: URL(fileURLWithPath: path("altered.rmp")))
        let refusals: [([String], String)] = [
            (["--key", "model:fraud", path("altered.rmp"), path("out1")], "segment 1 does not verify"),
            (["--key", "model:other", path("weights-v2.rmp"), path("out2")], "which the catalog does not know"),
            (["--key", "model:fraud", "--object", "weights-v2", path("weights-v2.rmp"), path("out3")], "does not verify"),
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
        let (state, credential) = try await Self.trainer(in: directory, tenant: "acme")
        let data = state
        let input = directory.appendingPathComponent("x").path
        try Data("dataset".utf8).write(to: URL(fileURLWithPath: input))
        _ = try await CLI.run(["artifacts", "encrypt", "--key", "model:m", "--tenant", "acme", input, input + ".rmp"] + data)

        let rotated = try await CLI.run(["keys", "rotate", "--tenant", "acme", "--owner", "model:m", "--purpose", "artifacts"] + data)
        #expect(rotated.status == 0, "\(rotated.stderr)")
        #expect(rotated.stdout.contains("v2"))
        let status = try await CLI.run(["keys", "status"] + data)
        #expect(status.stdout.contains("v1") && status.stdout.contains("older (opens)") && status.stdout.contains("current"), "\(status.stdout)")
        // Encrypted under v1, still opens after the rotation.
        let opened = try await CLI.run(["artifacts", "decrypt", "--key", "model:m", "--tenant", "acme", input + ".rmp", input + ".out"] + data
            + credential("acme"))
        #expect(opened.status == 0, "\(opened.stderr)")

        let shredded = try await CLI.run(["keys", "shred", "model:m", "--tenant", "acme"] + data)
        #expect(shredded.status == 0 && shredded.stdout.contains("destroyed 2 provider key(s)"), "\(shredded.stdout) \(shredded.stderr)")
        let gone = try await CLI.run(["artifacts", "decrypt", "--key", "model:m", "--tenant", "acme", input + ".rmp", input + ".again"] + data
            + credential("acme"))
        #expect(gone.status == 2 && gone.stderr.contains("keys.key_destroyed"), "\(gone.stderr)")
        // The keyring itself never holds the key material in the clear, and is private to its owner.
        let keyring = directory.appendingPathComponent("data/keyring.json").path
        #expect((try FileManager.default.attributesOfItem(atPath: keyring)[.posixPermissions] as? Int) == 0o600)
    }
}
