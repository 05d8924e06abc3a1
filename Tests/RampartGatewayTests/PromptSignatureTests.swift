import Foundation
@testable import RampartGateway
import NIOCore
import Testing

/// The signals the gateway records for detection without recording content: a prompt's similarity signature and
/// the client's network prefix, behind trusted proxies too.
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

    static let proxies = ["10.0.0.0/8", "2001:db8:ffff::/48", "192.0.2.7"].compactMap(NetworkRange.init)

    @Test(arguments: [
        // No trusted proxy, or a peer that is not one: the header is ignored, whatever it says.
        ("203.0.113.5", ["198.51.100.1"], false, "203.0.113.0/24"),
        ("203.0.113.5", ["198.51.100.1"], true, "203.0.113.0/24"),
        // A trusted proxy: the rightmost hop that is not a proxy.
        ("10.1.2.3", ["198.51.100.77"], true, "198.51.100.0/24"),
        ("10.1.2.3", ["198.51.100.77, 10.9.9.9"], true, "198.51.100.0/24"),
        ("192.0.2.7", ["198.51.100.77", "10.9.9.9"], true, "198.51.100.0/24"),
        // What the client wrote further left is not believed.
        ("10.1.2.3", ["1.2.3.4, 198.51.100.77"], true, "198.51.100.0/24"),
        ("10.1.2.3", ["[2001:db8:85a3::1]"], true, "2001:db8:85a3::/48"),
        // Garbage ends the chain at the proxy; no header is the proxy itself.
        ("10.1.2.3", ["not-an-address"], true, "10.1.2.0/24"),
        ("10.1.2.3", ["198.51.100.77, unknown"], true, "10.1.2.0/24"),
        ("10.1.2.3", [], true, "10.1.2.0/24"),
        // Only proxies in the chain: the leftmost of them.
        ("10.1.2.3", ["10.4.4.4, 10.5.5.5"], true, "10.4.4.0/24"),
    ] as [(String, [String], Bool, String)])
    func behindATrustedProxyTheClientIsTheRightmostHopThatIsNotOne(peer: String, forwarded: [String], trusting: Bool, network: String) throws {
        let address = try SocketAddress(ipAddress: peer, port: 443)
        #expect(ClientNetwork.of(peer: address, forwardedFor: forwarded, trusted: trusting ? Self.proxies : []) == network)
    }

    @Test(arguments: ["10.0.0.0/33", "10.0.0/8", "fd00::/129", "example.com", "10.0.0.0/", ""])
    func aRangeIsAnAddressAndALength(_ text: String) {
        #expect(NetworkRange(text) == nil)
    }
}
