import RampartCore
import RampartYAML

/// `keys:` in `rampart.yaml`: where key-encryption keys live and how often they rotate.
public struct KeysSettings: Sendable, Hashable, Decodable {
    /// Days a key version seals before it is rotated.
    public var rotationDays: Int
    /// Per key (`OWNER/PURPOSE`) or per owner (`OWNER`, every purpose), days that replace `rotationDays`.
    public var rotation: [String: Int]
    /// The providers tenants' keys are made in, unless `tenants` says otherwise (`local`, `aws-kms`).
    public var providers: [String]
    public var local: LocalKeyringSettings
    public var awsKMS: AWSKMSSettings?
    public var pkcs11: PKCS11Settings?
    /// Per tenant, the providers its keys are made in: two for a hybrid tenant (either opens its data).
    public var tenants: [String: [String]]

    enum CodingKeys: String, CodingKey {
        case rotationDays = "rotation_days"
        case providers, local, tenants, pkcs11, rotation
        case awsKMS = "aws_kms"
    }

    public init() {
        rotationDays = 90
        rotation = [:]
        providers = ["local"]
        local = LocalKeyringSettings()
        awsKMS = nil
        pkcs11 = nil
        tenants = [:]
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rotationDays = try c.decodeIfPresent(Int.self, forKey: .rotationDays) ?? 90
        rotation = try c.decodeIfPresent([String: Int].self, forKey: .rotation) ?? [:]
        providers = try c.decodeIfPresent([String].self, forKey: .providers) ?? ["local"]
        local = try c.decodeIfPresent(LocalKeyringSettings.self, forKey: .local) ?? LocalKeyringSettings()
        awsKMS = try c.decodeIfPresent(AWSKMSSettings.self, forKey: .awsKMS)
        pkcs11 = try c.decodeIfPresent(PKCS11Settings.self, forKey: .pkcs11)
        tenants = try c.decodeIfPresent([String: [String]].self, forKey: .tenants) ?? [:]
    }

    static let kinds: Set<String> = ["local", "aws-kms", "pkcs11"]

    func problems() -> [LocatedProblem] {
        let base = YAMLPath().key("keys")
        var problems: [LocatedProblem] = []
        if !(1...3650).contains(rotationDays) { problems.append(LocatedProblem(.invalidValue, at: base.key("rotation_days"), "must be 1 to 3650")) }
        for (key, days) in rotation.sorted(by: { $0.key < $1.key }) {
            if !(1...3650).contains(days) { problems.append(LocatedProblem(.invalidValue, at: base.key("rotation").key(key), "must be 1 to 3650")) }
            if key.isEmpty || key.split(separator: "/", omittingEmptySubsequences: false).count > 2 || key.hasPrefix("/") || key.hasSuffix("/") {
                problems.append(LocatedProblem(.invalidValue, at: base.key("rotation").key(key), "name a key as OWNER/PURPOSE (model:fraud/artifacts) or an owner (model:fraud)"))
            }
        }
        var lists = [(base.key("providers"), providers)]
        for (tenant, list) in tenants.sorted(by: { $0.key < $1.key }) { lists.append((base.key("tenants").key(tenant), list)) }
        for (path, list) in lists {
            if list.isEmpty { problems.append(LocatedProblem(.missingValue, at: path, "name at least one provider")) }
            for (i, kind) in list.enumerated() {
                if !Self.kinds.contains(kind) {
                    problems.append(LocatedProblem(.invalidValue, at: path.index(i), "'\(kind)' is not a key provider (local, aws-kms, pkcs11)"))
                } else if kind == "aws-kms", awsKMS == nil {
                    problems.append(LocatedProblem(.missingValue, at: path.index(i), "aws-kms needs keys.aws_kms (region)"))
                } else if kind == "pkcs11", pkcs11 == nil {
                    problems.append(LocatedProblem(.missingValue, at: path.index(i), "pkcs11 needs keys.pkcs11 (module, token, pin)"))
                }
            }
            if Set(list).count != list.count { problems.append(LocatedProblem(.invalidValue, at: path, "a provider is listed twice")) }
        }
        if let credentials = awsKMS?.credentials { problems += credentials.problems(at: base.key("aws_kms").key("credentials")) }
        if let endpoint = awsKMS?.endpoint, let problem = DeploymentSettings.serviceURLProblem(endpoint) {
            problems.append(LocatedProblem(.invalidValue, at: base.key("aws_kms").key("endpoint"), problem))
        }
        return problems
    }
}

/// The local keyring: a file sealed by a passphrase (scrypt) or, by default, a key file beside it.
public struct LocalKeyringSettings: Sendable, Hashable, Decodable {
    /// The keyring file; relative paths are under the data directory. Default `keyring.json`.
    public var keyring: String
    /// The passphrase; without one, a key file (`keyring.key`, 32 random bytes, mode 0600) seals the keyring.
    public var passphrase: SecretReference?

    public init() {
        keyring = "keyring.json"
        passphrase = nil
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        keyring = try c.decodeIfPresent(String.self, forKey: .keyring) ?? "keyring.json"
        passphrase = try c.decodeIfPresent(SecretReference.self, forKey: .passphrase)
    }

    enum CodingKeys: String, CodingKey { case keyring, passphrase }
}

/// AWS KMS: the region, an endpoint other than the public one (a VPC endpoint), and credentials by reference.
public struct AWSKMSSettings: Sendable, Hashable, Decodable {
    public var region: String
    public var endpoint: String?
    public var credentials: AWSCredentialSettings?

    enum CodingKeys: String, CodingKey { case region, endpoint, credentials }
}

/// An HSM through PKCS#11: the module (a shared library), the token's label, and the user PIN by reference.
public struct PKCS11Settings: Sendable, Hashable, Decodable {
    public var module: String
    public var token: String
    public var pin: SecretReference
}
