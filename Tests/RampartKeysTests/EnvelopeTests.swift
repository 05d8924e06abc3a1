import Crypto
import Foundation
import RampartKeys
import RampartTestSupport
import Synchronization
import Testing

/// Envelopes and segmented artifact streams: round trips, hybrid copies, and every way to alter a ciphertext.
@Suite struct EnvelopeTests {
    final class Keyring: Sendable {
        let directory: URL
        let provider: LocalKeyProvider
        let key: KeyReference

        init() async throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-envelope-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            provider = try LocalKeyProvider(path: directory.appendingPathComponent("keyring.json").path, secret: .key(SymmetricKey(size: .bits256)), create: true)
            key = KeyReference(provider: "local", keyID: try await provider.createKey(label: "acme/model:m/artifacts/v2"), version: 2)
        }

        var cipher: EnvelopeCipher { EnvelopeCipher(providers: [provider]) }
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        deinit { try? FileManager.default.removeItem(at: directory) }
    }

    static let context = EncryptionContext(tenant: "acme", owner: "model:m", purpose: "artifacts", objectID: "weights.safetensors")

    @Test func anEnvelopeOpensOnlyAsTheObjectItWasSealedFor() async throws {
        let keyring = try await Keyring()
        let plaintext = Array("a prompt with jane@example.com".utf8)
        let sealed = try await keyring.cipher.seal(plaintext, keys: [keyring.key], context: Self.context)
        #expect(try await keyring.cipher.open(sealed, context: Self.context) == plaintext)
        #expect(!sealed.contains(subsequence: Array("jane@example.com".utf8)))

        var otherObject = Self.context
        otherObject.objectID = "other"
        var otherTenant = Self.context
        otherTenant.tenant = "globex"
        for context in [otherObject, otherTenant] {
            #expect(await keyErrorCode { _ = try await keyring.cipher.open(sealed, context: context) } == .authenticationFailed)
        }
        var body = sealed
        body[body.count - 20] ^= 1
        #expect(await keyErrorCode { _ = try await keyring.cipher.open(body, context: Self.context) } == .authenticationFailed)
        #expect(await keyErrorCode { _ = try await keyring.cipher.open(sealed + [0], context: Self.context) } == .authenticationFailed)
        #expect(await keyErrorCode { _ = try await keyring.cipher.open(Array(sealed.dropLast(1)), context: Self.context) } == .authenticationFailed)
        #expect(await keyErrorCode { _ = try await keyring.cipher.open(Array(sealed.prefix(9)), context: Self.context) } == .malformed)
        #expect(await keyErrorCode { _ = try await keyring.cipher.open(Array("not ciphertext".utf8), context: Self.context) } == .malformed)
        // The key version in the header is bound too: changing it makes the wrapped key unwrap in another context.
        var version = sealed
        version[8] ^= 1
        #expect(await keyErrorCode { _ = try await keyring.cipher.open(version, context: Self.context) } == .authenticationFailed)
        // Crypto-shredding: once the key is destroyed, the envelope answers "destroyed", not garbage.
        try await keyring.provider.destroyKey(keyring.key.keyID)
        #expect(await keyErrorCode { _ = try await keyring.cipher.open(sealed, context: Self.context) } == .keyDestroyed)
    }

    /// A cached data key serves a batch: one provider call for many envelopes, each with its own nonce, each bound to
    /// its own object; an expired or used-up entry makes a new data key.
    @Test func aCachedDataKeySealsABatchWithDistinctNonces() async throws {
        let keyring = try await Keyring()
        let now = Mutex(ContinuousClock.now)
        let cache = DataKeyCache(maximumUses: 200, timeToLive: .seconds(60), now: { now.withLock { $0 } })
        let cipher = EnvelopeCipher(providers: [keyring.provider], cache: cache)
        var envelopes: [(String, [UInt8])] = []
        for i in 0..<250 {
            var context = Self.context
            context.objectID = "row-\(i)"
            envelopes.append((context.objectID!, try await cipher.seal(Array("value \(i)".utf8), keys: [keyring.key], context: context)))
        }
        let headers = envelopes.map { try! EnvelopeHeader.parse($0.1, kind: EnvelopeHeader.envelopeKind, what: $0.0) }
        // 200 uses, then a second data key: two distinct headers (commitments) in all.
        #expect(Set(headers.map(\.0.commitment)).count == 2)
        #expect(Set(zip(envelopes, headers).map { Array($0.0.1[$0.1.1..<$0.1.1 + 12]) }).count == 250)
        for (i, (object, envelope)) in envelopes.enumerated() {
            var context = Self.context
            context.objectID = object
            #expect(try await cipher.open(envelope, context: context) == Array("value \(i)".utf8))
            context.objectID = "row-x"
            #expect(await keyErrorCode { _ = try await cipher.open(envelope, context: context) } == .authenticationFailed)
        }
        now.withLock { $0 = $0 + .seconds(61) }
        let later = try await cipher.seal([1], keys: [keyring.key], context: Self.context)
        #expect(!Set(headers.map(\.0.commitment)).contains(try EnvelopeHeader.parse(later, kind: EnvelopeHeader.envelopeKind, what: "x").0.commitment))
        cache.forget(tenant: "acme", owner: "model:m")
        #expect(cache.counts == (0, 0))
    }

    /// A hybrid envelope whose copies hold two different data keys (made by someone able to encrypt under both
    /// providers) is refused: the commitment names one data key.
    @Test func aCopyOfAnotherDataKeyIsRefusedByTheCommitment() async throws {
        let keyring = try await Keyring()
        let cipher = keyring.cipher
        let one = try await cipher.seal(Array("one".utf8), keys: [keyring.key], context: Self.context)
        let two = try await cipher.seal(Array("two".utf8), keys: [keyring.key], context: Self.context)
        let (headerOne, lengthOne) = try EnvelopeHeader.parse(one, kind: EnvelopeHeader.envelopeKind, what: "one")
        let (headerTwo, _) = try EnvelopeHeader.parse(two, kind: EnvelopeHeader.envelopeKind, what: "two")
        var spliced = headerOne
        spliced.copies = headerTwo.copies
        let envelope = spliced.encoded + one[lengthOne...]
        let error = await #expect(throws: KeyError.self) { _ = try await cipher.open(envelope, context: Self.context) }
        #expect(error?.code == .authenticationFailed && error?.message.contains("commits to") == true)
    }

    @Test func aHybridEnvelopeOpensWithEitherProvider() async throws {
        let keyring = try await Keyring()
        let moto = try await TestPython.start("moto_server.py")
        defer { moto.stop() }
        let kms = AWSKMSProvider(endpoint: URL(string: "http://127.0.0.1:\(moto.firstLine)")!, region: "eu-west-1",
                                 credentials: KeyProviderContractTests.kmsCredentials, client: KeyProviderContractTests.client)
        let kmsKey = KeyReference(provider: "aws-kms", keyID: try await kms.createKey(label: "acme/tenant/vault/v2"), version: 2)
        let both = EnvelopeCipher(providers: [keyring.provider, kms])
        let sealed = try await both.seal(Array("hybrid".utf8), keys: [keyring.key, kmsKey], context: Self.context)
        #expect(try await EnvelopeCipher(providers: [keyring.provider]).open(sealed, context: Self.context) == Array("hybrid".utf8))
        #expect(try await EnvelopeCipher(providers: [kms]).open(sealed, context: Self.context) == Array("hybrid".utf8))
        #expect(await keyErrorCode { _ = try await EnvelopeCipher(providers: []).open(sealed, context: Self.context) } == .providerUnavailable)
    }

    // MARK: artifacts

    static func artifact(_ keyring: Keyring, size: Int) async throws -> (plain: [UInt8], encrypted: String, cipher: ArtifactCipher) {
        let plain = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
        let input = keyring.path("plain-\(size)")
        try Data(plain).write(to: URL(fileURLWithPath: input))
        let cipher = ArtifactCipher(envelopes: keyring.cipher, segmentSize: 1024)
        let encrypted = keyring.path("enc-\(size)")
        try await cipher.encrypt(input: input, output: encrypted, keys: [keyring.key], context: Self.context)
        return (plain, encrypted, cipher)
    }

    @Test(arguments: [0, 1, 1023, 1024, 1025, 4096, 5000])
    func artifactsRoundTripAtEverySegmentBoundary(_ size: Int) async throws {
        let keyring = try await Keyring()
        let (plain, encrypted, cipher) = try await Self.artifact(keyring, size: size)
        let progress = ProgressLog()
        try await cipher.decrypt(input: encrypted, output: keyring.path("out"), context: Self.context, progress: { progress.add($0, $1) })
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: keyring.path("out")))) == plain)
        let steps = progress.steps
        #expect(steps == steps.sorted())
        #expect(steps.last == Int64(try FileManager.default.attributesOfItem(atPath: encrypted)[.size] as! Int))
    }

    /// Each alteration, by the bytes of a 5,000-byte artifact in 1 KiB segments (header, then 5 segments of 1040).
    static let alterations: [(String, @Sendable ([UInt8], Int) -> [UInt8])] = [
        ("a flipped byte in segment 2", { bytes, header in var b = bytes; b[header + 2 * 1040 + 5] ^= 1; return b }),
        ("the last segment dropped", { bytes, header in Array(bytes.prefix(header + 4 * 1040)) }),
        ("cut inside a segment", { bytes, header in Array(bytes.prefix(header + 2 * 1040 + 500)) }),
        ("segments 1 and 2 swapped", { bytes, header in
            var b = bytes
            b.replaceSubrange(header + 1040..<header + 2080, with: bytes[header + 2080..<header + 3120])
            b.replaceSubrange(header + 2080..<header + 3120, with: bytes[header + 1040..<header + 2080])
            return b
        }),
        ("a segment appended", { bytes, header in bytes + bytes[header..<header + 1040] }),
        ("one byte appended", { bytes, _ in bytes + [0] }),
        ("the segment size changed", { bytes, header in var b = bytes; b[header - 9] ^= 1; return b }),
        ("the nonce prefix changed", { bytes, header in var b = bytes; b[header - 1] ^= 1; return b }),
    ]

    @Test func everyAlterationOfAnArtifactIsRefusedAndNothingIsWritten() async throws {
        let keyring = try await Keyring()
        let (_, encrypted, cipher) = try await Self.artifact(keyring, size: 5000)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: encrypted)))
        let header = bytes.count - 5 * 1040 + 1040 - (5000 - 4 * 1024 + 16)
        // An existing output file must survive every failed decryption.
        let output = keyring.path("existing")
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: output))
        for (name, alter) in Self.alterations {
            let altered = keyring.path("altered")
            try Data(alter(bytes, header)).write(to: URL(fileURLWithPath: altered))
            let code = await keyErrorCode { try await cipher.decrypt(input: altered, output: output, context: Self.context) }
            #expect(code == .authenticationFailed || code == .malformed, "\(name): \(String(describing: code))")
            #expect(try String(contentsOfFile: output, encoding: .utf8) == "keep me", "\(name) touched the output")
        }
        // Another file's segment spliced in: another data key, so it does not verify.
        let (_, other, _) = try await Self.artifact(keyring, size: 5001)
        var spliced = bytes
        let otherBytes = Array(try Data(contentsOf: URL(fileURLWithPath: other)))
        spliced.replaceSubrange(header + 1040..<header + 2080, with: otherBytes[header + 1040..<header + 2080])
        try Data(spliced).write(to: URL(fileURLWithPath: keyring.path("spliced")))
        #expect(await keyErrorCode { try await cipher.decrypt(input: keyring.path("spliced"), output: output, context: Self.context) } == .authenticationFailed)
        #expect(try FileManager.default.contentsOfDirectory(atPath: keyring.directory.path).filter { $0.hasSuffix(".tmp") }.isEmpty)
    }
}

/// Progress reports, collected from any thread.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int64] = []
    func add(_ done: Int64, _ total: Int64) { lock.withLock { values.append(done) } }
    var steps: [Int64] { lock.withLock { values } }
}
