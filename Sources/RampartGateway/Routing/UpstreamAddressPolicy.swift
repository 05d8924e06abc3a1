import Foundation

/// Where upstream calls may go: never to link-local, cloud metadata or private-network addresses unless a deployment
/// says so explicitly (a base URL pointing there is how a gateway becomes a way into the network it runs in).
public enum UpstreamAddressPolicy {
    public enum AddressClass: String, Sendable, Hashable {
        case publicAddress = "public"
        case loopback
        case privateNetwork = "private network"
        case linkLocal = "link-local"
        case metadata = "cloud metadata"
        case unspecified
    }

    /// Host names that reach instance metadata services.
    static let metadataNames: Set<String> = ["metadata.google.internal", "metadata", "instance-data", "instance-data.ec2.internal",
                                             "metadata.azure.com", "metadata.packet.net"]

    /// The class of an IP address literal (IPv4, IPv6, IPv4-mapped IPv6), or nil when the text is not one.
    public static func classify(_ text: String) -> AddressClass? {
        let host = text.hasPrefix("[") && text.hasSuffix("]") ? String(text.dropFirst().dropLast()) : text
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return classify(v4: UInt32(bigEndian: v4.s_addr)) }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, host, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            return classify(v4: UInt32(bytes[12]) << 24 | UInt32(bytes[13]) << 16 | UInt32(bytes[14]) << 8 | UInt32(bytes[15]))
        }
        if bytes.allSatisfy({ $0 == 0 }) { return .unspecified }
        if bytes[0..<15].allSatisfy({ $0 == 0 }), bytes[15] == 1 { return .loopback }
        if bytes[0] == 0xFE, bytes[1] & 0xC0 == 0x80 { return .linkLocal }                         // fe80::/10
        if bytes[0] == 0xFD, bytes[1] == 0x00, bytes[2] == 0x0E, bytes[3] == 0xC2 { return .metadata } // fd00:ec2::/32 (AWS)
        if bytes[0] & 0xFE == 0xFC { return .privateNetwork }                                      // fc00::/7
        return .publicAddress
    }

    static func classify(v4 a: UInt32) -> AddressClass {
        func within(_ base: UInt32, _ bits: UInt32) -> Bool { a >> (32 - bits) == base >> (32 - bits) }
        if a == 0xA9FE_A9FE || a == 0xA9FE_A9FD { return .metadata }                  // 169.254.169.254, .253
        if within(0xA9FE_0000, 16) { return .linkLocal }                               // 169.254/16
        if within(0x7F00_0000, 8) { return .loopback }                                 // 127/8
        if within(0x0A00_0000, 8) || within(0xAC10_0000, 12) || within(0xC0A8_0000, 16) || within(0x6440_0000, 10) {
            return .privateNetwork                                                     // 10/8, 172.16/12, 192.168/16, 100.64/10
        }
        if within(0x0000_0000, 8) { return .unspecified }                              // 0/8
        return .publicAddress
    }

    /// Why a host may not be an upstream, or nil when it may: metadata names, and addresses of the refused classes
    /// (the host itself when it is an address, else what it resolves to).
    public static func refusal(host: String, resolved: [String], allowPrivate: Bool) -> String? {
        if metadataNames.contains(host.lowercased()) { return "\(host) is a cloud metadata service" }
        let addresses = classify(host) != nil ? [host] : resolved
        for address in addresses {
            guard let kind = classify(address) else { continue }
            switch kind {
            case .metadata, .unspecified:
                return "\(host) \(address == host ? "is" : "resolves to") a \(kind.rawValue) address (\(address))"
            case .linkLocal where !allowPrivate, .privateNetwork where !allowPrivate:
                return "\(host) \(address == host ? "is" : "resolves to") a \(kind.rawValue) address (\(address)); set allow_private_network: true if that is intended"
            default: continue
            }
        }
        return nil
    }

    /// The addresses a host name resolves to now (empty when it does not resolve).
    public static func resolve(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(entry.pointee.ai_addr, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                addresses.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
            cursor = entry.pointee.ai_next
        }
        return addresses
    }

    /// Whether a host is on the allowlist (exact names, or `*.example.com` for subdomains); an empty list allows all.
    public static func allowed(_ host: String, by allowlist: [String]) -> Bool {
        guard !allowlist.isEmpty else { return true }
        let lower = host.lowercased()
        return allowlist.contains { entry in
            let pattern = entry.lowercased()
            return pattern.hasPrefix("*.") ? lower.hasSuffix(pattern.dropFirst(1)) : lower == pattern
        }
    }
}
