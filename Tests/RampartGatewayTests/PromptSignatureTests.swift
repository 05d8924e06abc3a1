import Foundation
@testable import RampartGateway
import NIOCore
import Testing

/// The signals the gateway records for detection without recording content: a prompt's similarity signature and
/// the client's network prefix.
@Suite struct PromptSignatureTests {
    static func distance(_ a: String, _ b: String) -> Int { (PromptSignature.of(a) ^ PromptSignature.of(b)).nonzeroBitCount }

    static let template = "Write a short product description for the blue ceramic mug number %d, in a friendly tone, for our spring catalogue."

    @Test func templatedPromptsAreNearAndUnrelatedOnesFar() {
        let templated = (0..<20).map { String(format: Self.template, $0) }
        let near = zip(templated, templated.dropFirst()).map { Self.distance($0, $1) }
        #expect(near.allSatisfy { $0 <= 12 }, "\(near)")  // the default distance of exfiltration.model-extraction
        let unrelated = [
            "What are your opening hours on public holidays?", "Summarize the attached incident report for the security team.",
            "Translate this paragraph into French: the meeting is moved to Thursday.", "How do I reset my password if I lost my phone?",
            "List three risks of deploying a chatbot without output filtering.", "Draft a polite reminder about the unpaid invoice 2291.",
        ]
        var far: [Int] = []
        for (i, a) in unrelated.enumerated() { for b in unrelated[(i + 1)...] { far.append(Self.distance(a, b)) } }
        #expect(far.allSatisfy { $0 > 20 }, "\(far)")
        #expect(Self.distance("Hello World", "hello, world!") == 0, "case and punctuation do not count")
    }

    @Test(arguments: [
        ("203.0.113.77", "203.0.113.0/24"), ("127.0.0.1", "127.0.0.0/24"), ("2001:db8:85a3::8a2e:370:7334", "2001:db8:85a3::/48"),
        ("::ffff:198.51.100.9", "198.51.100.0/24"),
    ])
    func aClientIsItsNetworkNotItsAddress(address: String, prefix: String) throws {
        #expect(NetworkPrefix.of(try SocketAddress(ipAddress: address, port: 443)) == prefix)
    }
}
