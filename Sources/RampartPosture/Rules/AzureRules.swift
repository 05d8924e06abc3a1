/// Rules on Azure resources in Terraform plans.
enum AzureRules {
    static let all: [PostureRule] = [
        PostureRule(
            id: "azure.ai.public-network-disabled", title: "Azure OpenAI, AI services and ML workspaces disable public network access", cloud: .azure, severity: .high,
            controls: ["NET-PRIVATE"], remediation: "Set public_network_access_enabled = false (it defaults to true) and reach the account through a private endpoint.",
            frameworks: ["Checkov CKV_AZURE_134", "Checkov CKV_AZURE_144"],
            evaluate: AssetCheck.fact([.azureAIAccount], { $0.publicNetwork }, wanted: false,
                                      pass: "public network access is disabled", fail: "public network access is enabled (the default)")),
        PostureRule(
            id: "azure.ai.private-endpoint", title: "Azure AI accounts are reached through a private endpoint", cloud: .azure, severity: .medium,
            controls: ["NET-PRIVATE"], remediation: "Add an azurerm_private_endpoint whose private_service_connection names the account.",
            evaluate: AssetCheck.fact([.azureAIAccount], { $0.privateEndpoint }, wanted: true,
                                      pass: "a private endpoint connects to it", fail: "no private endpoint connects to it")),
        PostureRule(
            id: "azure.ai.cmek", title: "Azure AI accounts encrypt with a customer-managed key", cloud: .azure, severity: .high, controls: ["KEY-CMEK"],
            remediation: "Add a customer_managed_key block (or an azurerm_cognitive_account_customer_managed_key) naming a Key Vault key.",
            frameworks: ["Checkov CKV_AZURE_238"],
            evaluate: AssetCheck.customerKey([.azureAIAccount], noun: "the account")),
        PostureRule(
            id: "azure.keyvault.purge-protection", title: "Key Vaults have purge protection on", cloud: .azure, severity: .medium, controls: ["KEY-CMEK"],
            remediation: "Set purge_protection_enabled = true (it defaults to false), so that a deleted key cannot be purged before its retention ends.",
            frameworks: ["Checkov CKV_AZURE_110"],
            evaluate: { infrastructure, _ in
                infrastructure.keyVaults.compactMap { vault in
                    vault.purgeProtection.map { PostureRule.Check(vault.ref, passed: $0, $0 ? "purge protection is on" : "purge protection is off") }
                }
            }),
        PostureRule(
            id: "azure.keyvault.key-rotation", title: "Key Vault keys have a rotation policy of at most 90 days", cloud: .azure, severity: .high,
            controls: ["KEY-ROTATION-90D"],
            remediation: "Add rotation_policy { automatic { time_after_creation = \"P90D\" } } (or time_before_expiry with expire_after) to the key.",
            evaluate: { infrastructure, settings in AWSRules.rotationChecks(infrastructure.keys.filter { $0.ref.cloud == .azure }, settings: settings) }),
    ]
}
