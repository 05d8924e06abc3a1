import RampartKeys
import RampartPolicy

/// Callers and policies for the key tests.
enum KeyCallers {
    /// A service identity of tenant `acme`, granted every key operation on `acme`'s keys by `test.pipeline-keys`.
    static let pipeline = KeyCaller.identity(Caller(
        principal: Principal(id: "pipeline", tenant: "acme", kind: .service),
        authentication: AuthenticationFacts(method: .mutualTLS, credentialID: "CN=pipeline")))

    static let policy = PolicyEngine(rules: BuiltinPolicies.rules() + [
        PolicyRule(id: "test.pipeline-keys", effect: .permit, principals: PrincipalPattern(ids: ["pipeline"]), actions: [ActionPattern("key:*")],
                   resources: ResourcePattern(kinds: [.key])),
        PolicyRule(id: "test.writer-encrypts", effect: .permit, principals: PrincipalPattern(ids: ["writer"]), actions: [ActionPattern("key:encrypt")],
                   resources: ResourcePattern(kinds: [.key], ids: ["model:*/artifacts"])),
    ])
}
