import Foundation
import NIOCore

/// A network range (`10.0.0.0/8`, `fd00::/8`, or one address) that the gateway trusts to report its clients in
/// `X-Forwarded-For`: a load balancer or reverse proxy in front of it.
public struct NetworkRange: Sendable, Hashable, CustomStringConvertible {
    let address: [UInt8]
    let prefixLength: Int
    public let description: String

    /// Parses `ADDRESS/LENGTH` or a single address; nil when it is neither.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let bytes = ClientNetwork.bytes(of: String(parts[0])) else { return nil }
        let length = parts.count == 2 ? Int(parts[1]) : bytes.count * 8
        guard let length, (0...(bytes.count * 8)).contains(length) else { return nil }
        address = bytes
        prefixLength = length
        description = text
    }

    func contains(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == address.count else { return false }
        var remaining = prefixLength
        for (a, b) in zip(address, bytes) where remaining > 0 {
            let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
            guard a & mask == b & mask else { return false }
            remaining -= 8
        }
        return true
    }
}

/// The network a request came from: the connection's peer, or, when the peer is a trusted proxy, the rightmost
/// address of `X-Forwarded-For` that is not itself a trusted proxy (entries further left were written by the
/// client and prove nothing). Recorded as a prefix (`NetworkPrefix`), never as the address.
enum ClientNetwork {
    static func of(peer: SocketAddress?, forwardedFor: [String], trusted: [NetworkRange]) -> String? {
        guard !trusted.isEmpty, let peer, let peerBytes = bytes(of: peer), trusted.contains(where: { $0.contains(peerBytes) }) else {
            return NetworkPrefix.of(peer)
        }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        var client: [UInt8]?
        for hop in hops.reversed() {
            // A hop that is not an address ends the chain: what lies beyond it cannot be vouched for.
            guard let address = bytes(of: hop) else { break }
            client = address
            if !trusted.contains(where: { $0.contains(address) }) { break }
        }
        guard let client else { return NetworkPrefix.of(peer) }
        return NetworkPrefix.of(client)
    }

    /// The 4 or 16 bytes of a literal IP address (an IPv6 one may be in brackets); nil for anything else.
    static func bytes(of text: String) -> [UInt8]? {
        var text = Substring(text)
        if text.hasPrefix("["), text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        guard !text.isEmpty, text.count <= 45, let address = try? SocketAddress(ipAddress: String(text), port: 0) else { return nil }
        return bytes(of: address)
    }

    static func bytes(of address: SocketAddress) -> [UInt8]? {
        switch address {
        case .v4(let v4): withUnsafeBytes(of: v4.address.sin_addr.s_addr) { Array($0) }
        case .v6(let v6): withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
        case .unixDomainSocket: nil
        }
    }
}
