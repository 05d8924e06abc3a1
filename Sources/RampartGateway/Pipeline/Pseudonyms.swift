/// Where pseudonymized values are kept: tokens out, values back (the vault of RampartPrivacy in the gateway).
public protocol Pseudonyms: Sendable {
    /// The token standing for a value of a type, in a tenant; the value is kept so it can be revealed.
    func pseudonym(for value: String, type: String, tenant: String) async throws -> String
    /// The values of the tokens still held for the tenant.
    func reveal(_ tokens: Set<String>, tenant: String) async throws -> [String: String]
    /// The tokens in a text.
    func tokens(in text: String) -> Set<String>
}
