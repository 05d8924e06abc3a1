public import RampartGateway
public import RampartPrivacy

/// The pseudonym vault as the gateway's pipeline uses it.
extension PseudonymVault: Pseudonyms {
    public func tokens(in text: String) -> Set<String> { Self.tokens(in: text) }
}
