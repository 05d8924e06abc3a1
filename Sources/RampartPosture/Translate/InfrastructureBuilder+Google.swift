import Foundation

extension InfrastructureBuilder {
    /// Google Cloud resources from Terraform's `google` provider; false when the resource is not one.
    mutating func addGoogle(_ resource: DeclaredResource) -> Bool {
        guard resource.type.hasPrefix("google_") else { return false }
        let p = resource.properties
        let ref = Self.ref(resource)
        switch resource.type {
        case "google_kms_crypto_key":
            let purpose = p["purpose"]?.string ?? "ENCRYPT_DECRYPT"
            var key = EncryptionKey(ref: ref, rotates: purpose == "ENCRYPT_DECRYPT")
            switch p["rotation_period"] {
            case .unknown?: break
            case let period?: 
                let seconds = period.string.flatMap { Double($0.hasSuffix("s") ? String($0.dropLast()) : $0) }
                key.rotationEnabled = seconds != nil
                key.rotationDays = seconds.flatMap { Self.wholeDays($0 / 86_400) }
            case nil: key.rotationEnabled = false
            }
            model.keys.append(key)
        case "google_vertex_ai_dataset", "google_vertex_ai_endpoint", "google_vertex_ai_featurestore", "google_vertex_ai_tensorboard",
             "google_vertex_ai_metadata_store", "google_vertex_ai_index_endpoint", "google_vertex_ai_feature_online_store":
            var asset = Asset(ref: ref, kind: .vertexAIResource, tags: Self.tags(p))
            if resource.type != "google_vertex_ai_index_endpoint" && resource.type != "google_vertex_ai_feature_online_store" {
                asset.encryption = Self.encryption(key: p.at("encryption_spec", "kms_key_name"))
            }
            if resource.type == "google_vertex_ai_endpoint" || resource.type == "google_vertex_ai_index_endpoint" {
                asset.inPrivateNetwork = Self.isSet(p["network"]) ?? nil
                asset.publicNetwork = p["public_endpoint_enabled"].flatMap(\.bool) ?? asset.inPrivateNetwork.map(!)
            }
            append(asset, names: [resource.name])
        case "google_notebooks_instance":
            var asset = Asset(ref: ref, kind: .googleInstance, tags: Self.tags(p))
            asset.encryption = p["disk_encryption"]?.string == "CMEK" ? Self.encryption(key: p["kms_key"]) : .providerKey
            asset.publicNetwork = Self.flag(p["no_public_ip"], default: false).map(!)
            append(asset, names: [resource.name])
        case "google_workbench_instance":
            var asset = Asset(ref: ref, kind: .googleInstance, tags: Self.tags(p))
            let setup = p.at("gce_setup")
            let disk = setup?.at("boot_disk")
            asset.encryption = disk?["disk_encryption"]?.string == "CMEK" ? Self.encryption(key: disk?["kms_key"]) : .providerKey
            asset.publicNetwork = Self.flag(setup?["disable_public_ip"], default: false).map(!)
            append(asset, names: [resource.name])
        case "google_compute_instance":
            var asset = Asset(ref: ref, kind: .googleInstance, tags: Self.tags(p))
            let interfaces = p["network_interface"]?.list ?? []
            asset.publicNetwork = interfaces.contains { $0["access_config"]?.isUnknown == true } ? nil
                : interfaces.contains { $0["access_config"]?.isSet == true }
            append(asset, names: [resource.name])
        case "google_access_context_manager_service_perimeter":
            let services = (p.at("status", "restricted_services")?.list ?? []).compactMap(\.string)
            model.perimeters.append(Perimeter(ref: ref, restrictedServices: services))
        default:
            return false
        }
        return true
    }
}
