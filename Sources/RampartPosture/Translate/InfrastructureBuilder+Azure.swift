import Foundation

extension InfrastructureBuilder {
    /// Azure resources from Terraform's `azurerm` provider; false when the resource is not one.
    mutating func addAzure(_ resource: DeclaredResource) -> Bool {
        guard resource.type.hasPrefix("azurerm_") else { return false }
        let p = resource.properties
        let ref = Self.ref(resource)
        switch resource.type {
        case "azurerm_cognitive_account", "azurerm_machine_learning_workspace", "azurerm_ai_services":
            var asset = Asset(ref: ref, kind: .azureAIAccount, tags: Self.tags(p))
            // Public network access is on unless turned off (both resources default to true).
            asset.publicNetwork = Self.flag(p["public_network_access_enabled"], default: true)
            let key = p.at("customer_managed_key", "key_vault_key_id") ?? p.at("encryption", "key_id")
            asset.encryption = key.map { Self.encryption(key: $0) } ?? .providerKey
            asset.privateEndpoint = false
            append(asset, names: Self.names(resource, "name"))
        case "azurerm_cognitive_account_customer_managed_key":
            let target = Self.target(p["cognitive_account_id"])
            let key = Self.encryption(key: p["key_vault_key_id"])
            pending.append { builder in
                for index in builder.assetIndexes(target, kinds: [.azureAIAccount]) { builder.model.assets[index].encryption = key }
            }
        case "azurerm_private_endpoint":
            let targets = (p["private_service_connection"]?.list ?? []).compactMap { Self.target($0["private_connection_resource_id"]) }
            pending.append { builder in
                for target in targets {
                    for index in builder.assetIndexes(target, kinds: [.azureAIAccount]) { builder.model.assets[index].privateEndpoint = true }
                }
            }
        case "azurerm_key_vault":
            model.keyVaults.append(KeyVault(ref: ref, purgeProtection: Self.flag(p["purge_protection_enabled"], default: false)))
        case "azurerm_key_vault_key":
            var key = EncryptionKey(ref: ref)
            if let automatic = p.at("rotation_policy", "automatic") {
                let expiry = p.at("rotation_policy", "expire_after")?.string.flatMap(Self.days(iso8601:))
                let afterCreation = automatic["time_after_creation"]?.string.flatMap(Self.days(iso8601:))
                let beforeExpiry = automatic["time_before_expiry"]?.string.flatMap(Self.days(iso8601:))
                key.rotationEnabled = afterCreation != nil || beforeExpiry != nil
                key.rotationDays = afterCreation ?? both(expiry, beforeExpiry).map { $0 - $1 }
            } else {
                key.rotationEnabled = p["rotation_policy"]?.isUnknown == true ? nil : false
            }
            model.keys.append(key)
        default:
            return false
        }
        return true
    }
}

/// Both values when both are there.
func both<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
