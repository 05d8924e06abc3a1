/// The built-in posture rules, in report order.
public enum PostureRules {
    public static let all: [PostureRule] =
        AWSRules.encryption + AWSRules.keys + AWSRules.identity + AWSRules.network + AWSRules.logging + AWSRules.retention
        + GoogleRules.all + AzureRules.all

    /// A rule by id.
    public static func rule(_ id: String) -> PostureRule? { all.first { $0.id == id } }
}

/// The checks of rules that hold one setting of one kind of asset.
enum AssetCheck {
    /// Customer-managed encryption on every asset of `kinds`; unknown keys are not judged.
    static func customerKey(_ kinds: Set<Asset.Kind>, noun: String) -> @Sendable (Infrastructure, PostureSettings) -> [PostureRule.Check] {
        { infrastructure, _ in
            infrastructure.assets.filter { kinds.contains($0.kind) }.compactMap { asset in
                switch asset.encryption {
                case .customerKey(let key)?: PostureRule.Check(asset.ref, passed: true, "\(noun) is encrypted under the customer-managed key \(key ?? "(set)")")
                case .providerKey?: PostureRule.Check(asset.ref, passed: false, "no customer-managed key is set: \(noun) is encrypted only under a provider-managed key")
                case .unknown?, nil: nil
                }
            }
        }
    }

    /// A boolean fact of assets of `kinds`, which must equal `wanted`; nil facts are not judged.
    static func fact(_ kinds: Set<Asset.Kind>, _ value: @escaping @Sendable (Asset) -> Bool?, wanted: Bool, pass: String, fail: String)
        -> @Sendable (Infrastructure, PostureSettings) -> [PostureRule.Check] {
        { infrastructure, _ in
            infrastructure.assets.filter { kinds.contains($0.kind) }.compactMap { asset in
                value(asset).map { PostureRule.Check(asset.ref, passed: $0 == wanted, $0 == wanted ? pass : fail) }
            }
        }
    }
}
