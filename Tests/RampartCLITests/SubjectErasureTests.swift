import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import RampartAudit
import RampartStorage
import RampartTestSupport
import Testing

/// `rampart subjects erase`: the subject's keys shredded, their vault entries gone, the log still verifying with
/// the subject's sealed facts read as erased (and another subject's untouched), and a signed receipt that verifies
/// and fails once altered.
@Suite struct SubjectErasureTests {
    static let manifest = """
        name: support
        owner: cx@example.com
        description: Support chatbot on a third-party model.
        answers: {access: own-application, model_customization: none, model_owner: third-party}
        providers: [{name: simulator}]
        data: {classification: confidential, kinds: [pii]}
        regions: [eu-west-1]
        users: customers
        """

    @Test func erasureShredsTheSubjectAndLeavesAVerifyingLogAndASignedReceipt() async throws {
        let workspace = try CLIWorkspace(manifests: ["support.yaml": Self.manifest])
        defer { workspace.remove() }
        try workspace.configure(CLIWorkspace.simulatorGateway(model: "support-bot", workload: "support"))
        let state = workspace.state
        let key = try await workspace.application(workload: "support", clearance: "confidential")

        // Two end users of the application, each writing an e-mail address the gateway pseudonymizes.
        let server = try await BackgroundProcess.start(CLI.binary, ["serve"] + state)
        let base = try #require(server.firstLine.split(separator: " ").last.map(String.init), "\(server.firstLine)")
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        func call(user: String, email: String) async throws -> String {
            var request = HTTPClientRequest(url: "\(base)/v1/chat/completions")
            request.method = .POST
            request.headers.add(name: "authorization", value: "Bearer \(key)")
            request.body = .bytes(ByteBuffer(string: #"{"model":"support-bot","user":"\#(user)","messages":[{"role":"user","content":"Write to me at \#(email)"}]}"#))
            let response = try await client.execute(request, timeout: .seconds(10))
            _ = try await response.body.collect(upTo: 1 << 20)
            #expect(response.status == .ok)
            return try #require(response.headers.first(name: "x-request-id"))
        }
        let erasedRequest = try await call(user: "customer-42", email: "jane.doe@example.com")
        let keptRequest = try await call(user: "customer-7", email: "max.mustermann@example.org")
        try await client.shutdown()
        server.stop()

        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let path = workspace.database
        func inspect<T>(_ body: (Database) async throws -> T) async throws -> T {
            try await Database.open(.sqlite(path: path), logger: logger).closing(after: body)
        }
        func vaultTokens() async throws -> Int {
            try await inspect { database in
                try await database.withConnection { try await $0.raw("SELECT token FROM pseudonyms WHERE tenant = 'acme'").all().count }
            }
        }
        let (erasedEntry, keptEntry) = try await inspect { database in
            let store = AuditStore(database: database)
            return (try #require(try await store.sequences(requestID: erasedRequest).first), try #require(try await store.sequences(requestID: keptRequest).first))
        }
        #expect(try await vaultTokens() == 2)
        func personalState(_ entry: Int) async throws -> String? {
            let shown = try await CLI.run(["audit", "show", String(entry)] + state)
            #expect(shown.status == 0, "\(shown.stderr)")
            let document = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
            let personal = (document?["event"] as? [String: Any])?["personal"] as? [String: Any]
            return personal?["state"] as? String
        }
        #expect(try await personalState(erasedEntry) == "sealed")

        let receiptFile = workspace.directory.appendingPathComponent("receipt.txt").path
        let erased = try await CLI.run(["subjects", "erase", "customer-42", "--tenant", "acme", "--value", "jane.doe@example.com",
                                        "--receipt", receiptFile] + state)
        #expect(erased.status == 0, "\(erased.stdout)\(erased.stderr)")
        #expect(erased.stdout.contains("pseudonym vault entries deleted: 1"), "\(erased.stdout)")
        #expect(erased.stdout.contains("audit entries whose personal facts now read as erased: 1"), "\(erased.stdout)")
        #expect(!erased.stdout.contains("provider keys destroyed: 0"), "\(erased.stdout)")

        // The log verifies; the erased subject's facts read as erased, the other subject's are still sealed.
        let verified = try await CLI.run(["audit", "verify"] + state)
        #expect(verified.status == 0 && verified.stdout.contains("OK"), "\(verified.stdout)")
        #expect(try await personalState(erasedEntry) == "erased")
        #expect(try await personalState(keptEntry) == "sealed")
        #expect(try await vaultTokens() == 1)

        // The receipt verifies (signature and the log's entry), and names neither the subject nor their address.
        let receipt = try String(contentsOfFile: receiptFile, encoding: .utf8)
        #expect(receipt.hasPrefix(ErasureReceipt.header + "\n"), "\(receipt)")
        #expect(!receipt.contains("customer-42") && !receipt.contains("jane.doe"))
        let checked = try await CLI.run(["subjects", "verify-receipt", receiptFile] + state)
        #expect(checked.status == 0 && checked.stdout.contains("OK: the log holds the erasure"), "\(checked.stdout)\(checked.stderr)")
        let receiptKey = try await CLI.run(["subjects", "receipt-key"] + state).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let byKey = try await CLI.run(["subjects", "verify-receipt", receiptFile, "--verifier-key", receiptKey, "--signature-only"] + state)
        #expect(byKey.status == 0, "\(byKey.stdout)\(byKey.stderr)")
        // The checkpoint key is not the receipt key: neither kind of note passes for the other.
        let checkpointKey = try await CLI.run(["audit", "key"] + state).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let wrongKey = try await CLI.run(["subjects", "verify-receipt", receiptFile, "--verifier-key", checkpointKey, "--signature-only"] + state)
        #expect(wrongKey.status == 1, "\(wrongKey.stdout)")
        let altered = receipt.replacingOccurrences(of: "vault_entries_deleted 1", with: "vault_entries_deleted 9")
        #expect(altered != receipt)
        try altered.write(toFile: receiptFile, atomically: true, encoding: .utf8)
        let forged = try await CLI.run(["subjects", "verify-receipt", receiptFile] + state)
        #expect(forged.status == 1 && forged.stdout.contains("FAILED"), "\(forged.stdout)")

        // Neither subject id is anywhere in the database files in the clear.
        for suffix in ["", "-wal"] {
            guard let bytes = FileManager.default.contents(atPath: path + suffix) else { continue }
            for planted in ["customer-42", "customer-7", "jane.doe@example.com", "max.mustermann"] {
                #expect(bytes.range(of: Data(planted.utf8)) == nil, "\(planted) is in rampart.sqlite\(suffix)")
            }
        }
    }
}
