import NIOCore

/// The network a client connects from, never its address: the /24 of an IPv4 address, the /48 of an IPv6 one
/// (an IPv4-mapped IPv6 address counts as IPv4). Enough to tell a new network from a usual one, not to single out
/// a host. It is the connection's peer: behind a proxy or load balancer, that is the proxy.
enum NetworkPrefix {
    static func of(_ address: SocketAddress?) -> String? {
        guard let address else { return nil }
        guard let bytes = ClientNetwork.bytes(of: address) else { return "local" }
        return of(bytes)
    }

    /// The prefix of an address given as its 4 or 16 bytes.
    static func of(_ bytes: [UInt8]) -> String {
        if bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            return "\(bytes[12]).\(bytes[13]).\(bytes[14]).0/24"
        }
        guard bytes.count == 16 else { return "\(bytes[0]).\(bytes[1]).\(bytes[2]).0/24" }
        let groups = stride(from: 0, to: 6, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
        return groups.joined(separator: ":") + "::/48"
    }
}
