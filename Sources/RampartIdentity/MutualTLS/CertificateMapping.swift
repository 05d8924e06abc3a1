/// Maps a verified client certificate to a service principal, by its exact subject or one of its names.
public struct CertificateMapping: Sendable, Hashable {
    public enum Match: Sendable, Hashable {
        /// The subject as RFC 4514 text, e.g. `CN=billing,O=Example`.
        case subject(String)
        /// A DNS name or URI (SPIFFE id) in the subject alternative names.
        case name(String)
    }

    public var match: Match
    public var principalID: String

    public init(_ match: Match, principalID: String) {
        self.match = match
        self.principalID = principalID
    }

    /// The principal id of the first mapping that matches the certificate.
    public static func principalID(subject: String?, names: [String], in mappings: [CertificateMapping]) -> String? {
        for mapping in mappings {
            switch mapping.match {
            case .subject(let expected) where subject == expected: return mapping.principalID
            case .name(let expected) where names.contains(expected): return mapping.principalID
            default: continue
            }
        }
        return nil
    }
}
