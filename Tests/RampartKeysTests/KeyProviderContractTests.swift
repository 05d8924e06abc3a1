import AsyncHTTPClient
import Crypto
import Foundation
import RampartAWS
import RampartCore
import RampartKeys
import RampartTestSupport
import Testing

/// One contract every key provider keeps, run against each: the local keyring, AWS KMS as moto emulates it on
/// 127.0.0.1, and an HSM through PKCS#11 (a SoftHSM2 token that scripts/test makes).
@Suite struct KeyProviderContractTests {
    enum Kind: String, CaseIterable, Sendable { case local, awsKMS = "aws-kms", pkcs11 }

    struct NoHSM: Error, CustomStringConvertible {
        var description: String { "RAMPART_TEST_PKCS11_MODULE/TOKEN/PIN are not set; run the tests through scripts/test, which makes a SoftHSM2 token" }
    }

    static let client = HTTPClient(eventLoopGroupProvider: .singleton)
    static let kmsCredentials = AWSCredentialSource.fixed(AWSCredentials(accessKeyID: "AKIARAMPARTTESTKMS", secretAccessKey: "moto-accepts-any-secret"))

    /// Runs `body` with a fresh provider of `kind` (a new keyring file, or a new moto server).
    static func with(_ kind: Kind, _ body: (any KeyProvider) async throws -> Void) async throws {
        switch kind {
        case .local:
            try await withTemporaryKeyring { provider, _ in try await body(provider) }
        case .pkcs11:
            let environment = ProcessInfo.processInfo.environment
            guard let module = environment["RAMPART_TEST_PKCS11_MODULE"], let token = environment["RAMPART_TEST_PKCS11_TOKEN"],
                  let pin = environment["RAMPART_TEST_PKCS11_PIN"]
            else { throw NoHSM() }
            try await body(try PKCS11Provider(module: module, token: token, pin: pin))
        case .awsKMS:
            let moto = try await TestPython.start("moto_server.py")
            defer { moto.stop() }
            try await body(AWSKMSProvider(endpoint: URL(string: "http://127.0.0.1:\(moto.firstLine)")!, region: "eu-west-1",
                                          credentials: kmsCredentials, client: client))
        }
    }

    static let context = EncryptionContext(tenant: "acme", owner: "model:fraud-scorer", purpose: "datasets", objectID: "train-2026-11.jsonl", keyVersion: 3)

    static func bytes(_ key: SymmetricKey) -> [UInt8] { key.withUnsafeBytes { Array($0) } }

    static func expect(_ code: KeyError.Code..., when operation: () async throws -> some Any) async {
        do {
            _ = try await operation()
            Issue.record("expected \(code), but it succeeded")
        } catch let error as KeyError {
            #expect(code.contains(error.code), "\(error)")
        } catch {
            Issue.record("expected a KeyError, got \(error)")
        }
    }

    @Test(arguments: Kind.allCases)
    func aDataKeyUnwrapsToItselfAndEachWrapIsFresh(_ kind: Kind) async throws {
        try await Self.with(kind) { provider in
            let key = try await provider.createKey(label: "acme/model:fraud-scorer/datasets/v3")
            let dataKey = SymmetricKey(size: .bits256)
            let first = try await provider.wrap(dataKey, keyID: key, context: Self.context)
            let second = try await provider.wrap(dataKey, keyID: key, context: Self.context)
            #expect(first != second)
            #expect(!first.contains(subsequence: Self.bytes(dataKey)))
            #expect(Self.bytes(try await provider.unwrap(first, keyID: key, context: Self.context)) == Self.bytes(dataKey))
            #expect(Self.bytes(try await provider.unwrap(second, keyID: key, context: Self.context)) == Self.bytes(dataKey))
        }
    }

    @Test(arguments: Kind.allCases)
    func anyOtherContextDoesNotUnwrap(_ kind: Kind) async throws {
        try await Self.with(kind) { provider in
            let key = try await provider.createKey(label: "contexts")
            let wrapped = try await provider.wrap(SymmetricKey(size: .bits256), keyID: key, context: Self.context)
            var others: [EncryptionContext] = []
            for change in 0..<5 {
                var other = Self.context
                switch change {
                case 0: other.tenant = "acme2"
                case 1: other.owner = "model:fraud-scorer2"
                case 2: other.purpose = "logs"
                case 3: other.objectID = "train-2026-12.jsonl"
                default: other.keyVersion = 4
                }
                others.append(other)
            }
            for other in others {
                await Self.expect(.authenticationFailed, when: { try await provider.unwrap(wrapped, keyID: key, context: other) })
            }
        }
    }

    @Test(arguments: Kind.allCases)
    func anotherKeyOrAlteredBytesDoNotUnwrap(_ kind: Kind) async throws {
        try await Self.with(kind) { provider in
            let key = try await provider.createKey(label: "a")
            let other = try await provider.createKey(label: "b")
            let wrapped = try await provider.wrap(SymmetricKey(size: .bits256), keyID: key, context: Self.context)
            // AWS answers IncorrectKeyException (authenticationFailed); moto answers AccessDeniedException. The mapping of
            // AWS's own answer is checked with recorded responses in KMSRecordedResponseTests.
            await Self.expect(kind == .awsKMS ? .providerRefused : .authenticationFailed, when: {
                try await provider.unwrap(wrapped, keyID: other, context: Self.context)
            })
            var altered = wrapped
            altered[altered.count / 2] ^= 0x01
            await Self.expect(.authenticationFailed, when: { try await provider.unwrap(altered, keyID: key, context: Self.context) })
            await Self.expect(.authenticationFailed, .malformed, when: { try await provider.unwrap(Array(wrapped.prefix(10)), keyID: key, context: Self.context) })
        }
    }

    @Test(arguments: Kind.allCases)
    func anUnknownKeyIsNamedAsSuch(_ kind: Kind) async throws {
        try await Self.with(kind) { provider in
            let missing = kind == .awsKMS ? "11111111-2222-3333-4444-555555555555" : "lk-000000000000000000000000"
            await Self.expect(.keyNotFound, when: { try await provider.wrap(SymmetricKey(size: .bits256), keyID: missing, context: Self.context) })
        }
    }

    @Test(arguments: Kind.allCases)
    func aDestroyedKeyUnwrapsNothingEver(_ kind: Kind) async throws {
        try await Self.with(kind) { provider in
            let key = try await provider.createKey(label: "subject:42")
            let wrapped = try await provider.wrap(SymmetricKey(size: .bits256), keyID: key, context: Self.context)
            try await provider.destroyKey(key)
            if let kms = provider as? AWSKMSProvider {
                // moto keeps decrypting under a disabled key (a known gap); what AWS answers then is checked with
                // recorded responses in KMSRecordedResponseTests. Here: the key really is disabled and scheduled.
                #expect(try await kms.keyState(key) == "PendingDeletion")
                return
            }
            await Self.expect(.keyDestroyed, .keyDisabled, when: { try await provider.unwrap(wrapped, keyID: key, context: Self.context) })
            await Self.expect(.keyDestroyed, .keyDisabled, when: { try await provider.wrap(SymmetricKey(size: .bits256), keyID: key, context: Self.context) })
        }
    }

    /// Several providers on one module, each with its own session, used from many tasks at once: what a gateway
    /// and its key services do. Initialised without arguments, SoftHSM2 turned its locks off and this crashed the
    /// process (once in CI, three runs in four here); with its locks on but calls from several sessions at once, its
    /// token store answered CKR_GENERAL_ERROR now and then. Hence one PKCS#11 call at a time per process.
    @Test func severalSessionsOnOneModuleServeConcurrentCalls() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard let module = environment["RAMPART_TEST_PKCS11_MODULE"], let token = environment["RAMPART_TEST_PKCS11_TOKEN"],
              let pin = environment["RAMPART_TEST_PKCS11_PIN"]
        else { throw NoHSM() }
        let providers = try (0..<4).map { _ in try PKCS11Provider(module: module, token: token, pin: pin) }
        let rounds = try await withThrowingTaskGroup(of: Int.self) { group in
            for (index, provider) in providers.enumerated() {
                for worker in 0..<3 {
                    group.addTask {
                        let key = try provider.createKey(label: "concurrency/\(index)/\(worker)")
                        for round in 0..<40 {
                            let dataKey = SymmetricKey(size: .bits256)
                            let wrapped = try provider.wrap(dataKey, keyID: key, context: Self.context)
                            #expect(Self.bytes(try provider.unwrap(wrapped, keyID: key, context: Self.context)) == Self.bytes(dataKey))
                            if round == 39 { try provider.destroyKey(key) }
                        }
                        return 40
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(rounds == 4 * 3 * 40)
    }
}

extension Array where Element == UInt8 {
    func contains(subsequence: [UInt8]) -> Bool {
        guard subsequence.count <= count else { return false }
        return (0...(count - subsequence.count)).contains { Array(self[$0..<$0 + subsequence.count]) == subsequence }
    }
}
