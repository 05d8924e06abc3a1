import Crypto
import Foundation
import Logging
import RampartCore
import RampartKeys
import RampartStorage

/// The keys issue's benchmark: AES-256-GCM and artifact encryption against `openssl speed` in the same run
/// (`Benchmarks/keys/run.sh`), and the data-key cache's hit path.
enum KeyBenchmarks {
    static func rows(iterations: Int) async throws -> [String] {
        var rows: [String] = []
        let openssl = opensslRate()
        func ratio(_ rate: Double) -> String { openssl.map { String(format: "%.2f of OpenSSL", rate / $0) } ?? "-" }
        if let openssl { rows.append("| `openssl speed -evp aes-256-gcm -bytes 1048576` | \(String(format: "%.0f", openssl / 1e6)) MB/s | 1.00 | - | - |") }

        // AES-256-GCM alone through swift-crypto, 1 MiB at a time, in memory.
        let key = SymmetricKey(size: .bits256)
        let segment = [UInt8](repeating: 7, count: 1 << 20)
        let clock = ContinuousClock()
        var sealed = 0
        let t0 = clock.now
        while clock.now - t0 < .seconds(3) {
            let box = try segment.withUnsafeBytes { try AES.GCM.seal($0, using: key) }
            sealed += box.ciphertext.count
        }
        let gcm = Double(sealed) / RampartBench.seconds(clock.now - t0)
        rows.append("| AES-256-GCM in swift-crypto, 1 MiB segments in memory | \(String(format: "%.0f", gcm / 1e6)) MB/s | \(ratio(gcm)) | - | - |")

        // Artifacts, file to file, on tmpfs when there is one (the disk would measure the disk).
        let directory = URL(fileURLWithPath: FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory())
            .appendingPathComponent("rampart-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let provider = try LocalKeyProvider(path: directory.appendingPathComponent("keyring.json").path, secret: .key(SymmetricKey(size: .bits256)),
                                            create: true)
        let reference = KeyReference(provider: "local", keyID: try await provider.createKey(label: "bench"), version: 1)
        let size = Int(ProcessInfo.processInfo.environment["BENCH_ARTIFACT_MIB"] ?? "") ?? 512
        let input = directory.appendingPathComponent("plain").path
        do {
            guard FileManager.default.createFile(atPath: input, contents: nil), let handle = FileHandle(forWritingAtPath: input) else {
                fatalError("cannot write \(input)")
            }
            var random = SystemRandomNumberGenerator()
            let block = (0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &random) }
            for _ in 0..<size { try handle.write(contentsOf: block) }
            try handle.close()
        }
        let artifacts = ArtifactCipher(envelopes: EnvelopeCipher(providers: [provider]))
        let context = EncryptionContext(tenant: "bench", owner: "model:m", purpose: "artifacts", objectID: "weights")
        let bytes = Double(size << 20)
        // The floor any file-to-file tool stands on: the same file copied with the same 1 MiB reads and writes. Each
        // of the three is run three times, interleaved, and the best of each kept: this machine's I/O is noisy.
        var copyWall = Double.infinity, encryptWall = Double.infinity, decryptWall = Double.infinity
        for _ in 0..<3 {
            copyWall = min(copyWall, try await measure { try Self.copy(input, to: input + ".copy") })
            try FileManager.default.removeItem(atPath: input + ".copy")
            let encrypted = try await measure { try await artifacts.encrypt(input: input, output: input + ".rmp", keys: [reference], context: context) }
            let decrypted = try await measure { try await artifacts.decrypt(input: input + ".rmp", output: input + ".out", context: context) }
            try FileManager.default.removeItem(atPath: input + ".out")
            (encryptWall, decryptWall) = (min(encryptWall, encrypted), min(decryptWall, decrypted))
        }
        let copyRate = bytes / copyWall
        rows.append("| file copy, \(size) MiB, 1 MiB reads and writes, no cryptography (\(directory.deletingLastPathComponent().path)) | \(String(format: "%.0f", copyRate / 1e6)) MB/s | \(ratio(copyRate)) | - | - |")
        for (name, wall) in [("encrypt", encryptWall), ("decrypt", decryptWall)] {
            rows.append("| artifact \(name), \(size) MiB file to file, wall time | \(String(format: "%.0f", bytes / wall / 1e6)) MB/s | \(ratio(bytes / wall)), \(String(format: "%.2f", (bytes / wall) / copyRate)) of the copy | - | - |")
        }

        // The data-key cache: a seal and an open of a 256-byte object through the whole hierarchy (policy decision,
        // catalog cache, data-key cache, AES-GCM), with the caches warm.
        var logger = Logger(label: "rampart.bench")
        logger.logLevel = .error
        let database = try await Database.open(.sqlite(path: directory.appendingPathComponent("rampart.sqlite").path), logger: logger)
        _ = try await Migrator(logger: logger).migrate(database)
        let keys = KeyHierarchy(catalog: KeyCatalog(database: database), providers: [provider], defaultProviders: ["local"], catalogTimeToLive: .seconds(3600))
            .acting(as: .rampart)
        let object = [UInt8](repeating: 42, count: 256)
        // The cipher alone with a cached data key: what the cache saves a provider call for.
        let cipher = EnvelopeCipher(providers: [provider], cache: DataKeyCache())
        let objectContext = EncryptionContext(tenant: "acme", owner: "tenant", purpose: "vault", objectID: "o")
        let first = try await cipher.seal(object, keys: [reference], context: objectContext)
        _ = try await cipher.open(first, context: objectContext)
        var cipherSeal: [Duration] = [], cipherOpen: [Duration] = []
        for _ in 0..<max(1000, iterations / 4) {
            let s0 = clock.now
            let envelope = try await cipher.seal(object, keys: [reference], context: objectContext)
            let s1 = clock.now
            _ = try await cipher.open(envelope, context: objectContext)
            cipherOpen.append(clock.now - s1)
            cipherSeal.append(s1 - s0)
        }
        for (name, var samples) in [("seal", cipherSeal), ("open", cipherOpen)] {
            samples.sort()
            rows.append("| envelope \(name), 256 B, data key from the cache (no provider call) | \(RampartBench.format(Double(samples.count) / RampartBench.seconds(samples.reduce(.zero, +)))) ops/s | - | \(RampartBench.nanoseconds(samples[samples.count / 2])) p50 | \(RampartBench.nanoseconds(samples[samples.count * 99 / 100])) p99 |")
        }
        let warm = try await keys.seal(object, tenant: "acme", owner: "tenant", purpose: "vault", objectID: "o")
        _ = try await keys.open(warm, tenant: "acme", owner: "tenant", purpose: "vault", objectID: "o")
        let count = max(1000, iterations / 4)
        var sealSamples: [Duration] = [], openSamples: [Duration] = []
        sealSamples.reserveCapacity(count)
        openSamples.reserveCapacity(count)
        for i in 0..<count {
            let s0 = clock.now
            let envelope = try await keys.seal(object, tenant: "acme", owner: "tenant", purpose: "vault", objectID: "o\(i & 7)")
            let s1 = clock.now
            _ = try await keys.open(envelope, tenant: "acme", owner: "tenant", purpose: "vault", objectID: "o\(i & 7)")
            openSamples.append(clock.now - s1)
            sealSamples.append(s1 - s0)
        }
        await database.close()
        for (name, var samples) in [("seal", sealSamples), ("open", openSamples)] {
            samples.sort()
            rows.append("| key hierarchy \(name), 256 B, data-key cache hit, with the policy decision and the catalog cache | \(RampartBench.format(Double(count) / RampartBench.seconds(samples.reduce(.zero, +)))) ops/s | - | \(RampartBench.nanoseconds(samples[count / 2])) p50 | \(RampartBench.nanoseconds(samples[count * 99 / 100])) p99 |")
        }
        return rows
    }

    /// OpenSSL's single-core AES-256-GCM rate for 1 MiB blocks, in bytes per second, as `Benchmarks/keys/run.sh`
    /// measured it just before (`openssl speed` relies on SIGALRM, which a child of this process may have blocked).
    static func opensslRate() -> Double? {
        ProcessInfo.processInfo.environment["OPENSSL_AES_GCM_RATE"].flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil }
    }

    /// Wall-clock seconds of `body`.
    static func measure(_ body: () async throws -> Void) async rethrows -> Double {
        let clock = ContinuousClock()
        let t0 = clock.now
        try await body()
        return RampartBench.seconds(clock.now - t0)
    }

    /// Copies a file through one 1 MiB buffer, then `fsync`s it, as the artifact cipher reads and writes.
    static func copy(_ source: String, to destination: String) throws {
        let input = open(source, O_RDONLY), output = open(destination, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer { close(input); close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            _ = buffer.withUnsafeBytes { write(output, $0.baseAddress, count) }
        }
        fsync(output)
    }
}
