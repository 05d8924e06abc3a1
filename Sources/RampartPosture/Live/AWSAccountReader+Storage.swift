extension AWSAccountReader {
    /// Buckets with their encryption, lifecycle, policy, public access block and tags. A bucket without an
    /// encryption configuration, lifecycle or policy reads as S3's default (SSE-S3, none, none).
    func readS3() async throws(PostureReadError) -> [DeclaredResource] {
        let list = try await call(AWSAPIRequest(service: "s3", region: "us-east-1", path: "/"), xml: true)
        var out: [DeclaredResource] = []
        for bucket in list.at("Buckets", "Bucket").map({ $0.list }) ?? [] {
            guard let name = bucket["Name"]?.string else { continue }
            let location = try? await call(AWSAPIRequest(service: "s3", region: "us-east-1", path: "/\(name)", query: [("location", "")]), xml: true)
            let region = location?.string.flatMap { $0.isEmpty ? nil : $0 } ?? "us-east-1"
            func optional(_ subresource: String, missing: Set<String>) async throws(PostureReadError) -> TemplateValue? {
                let response = try await transport.send(AWSAPIRequest(service: "s3", region: region, path: "/\(name)", query: [(subresource, "")]))
                if (200..<300).contains(response.status) { return subresource == "policy" ? AWSAnswer.json(response.body) : AWSAnswer.xml(response.body) }
                let code = AWSAnswer.errorCode(response.body) ?? "HTTP \(response.status)"
                if missing.contains(code) { return nil }
                throw PostureReadError(.refused, "s3 \(subresource) of \(name): \(code)")
            }
            var properties: [String: TemplateValue] = ["BucketName": .string(name)]
            if let encryption = try await optional("encryption", missing: ["ServerSideEncryptionConfigurationNotFoundError"]) {
                let rules = (encryption["Rule"]?.list ?? []).map { rule in
                    TemplateValue.object(["ServerSideEncryptionByDefault": rule["ApplyServerSideEncryptionByDefault"] ?? .null])
                }
                properties["BucketEncryption"] = .object(["ServerSideEncryptionConfiguration": .array(rules)])
            }
            let lifecycle = try await optional("lifecycle", missing: ["NoSuchLifecycleConfiguration"])
            let rules = (lifecycle?["Rule"]?.list ?? []).map { rule in
                TemplateValue.object(["Status": rule["Status"] ?? .null, "ExpirationInDays": rule.at("Expiration", "Days") ?? .null])
            }
            properties["LifecycleConfiguration"] = .object(["Rules": .array(rules)])
            if let block = try await optional("publicAccessBlock", missing: ["NoSuchPublicAccessBlockConfiguration"]) {
                properties["PublicAccessBlockConfiguration"] = block
            }
            if let tagging = try await optional("tagging", missing: ["NoSuchTagSet"]) {
                properties["Tags"] = .array(tagging.at("TagSet", "Tag")?.list ?? [])
            }
            out.append(Self.resource("AWS::S3::Bucket", name, region: region, arn: "arn:aws:s3:::\(name)", properties))
            let policy = try await optional("policy", missing: ["NoSuchBucketPolicy"])
            out.append(Self.resource("AWS::S3::BucketPolicy", "\(name)/policy", region: region, arn: nil,
                                     ["Bucket": .string(name), "PolicyDocument": policy ?? .object(["Statement": .array([])])]))
        }
        return out
    }

    /// Customer-managed KMS keys with their rotation and policy (AWS-managed keys and keys pending deletion are left out).
    func readKMS(_ region: String) async throws(PostureReadError) -> [DeclaredResource] {
        var out: [DeclaredResource] = []
        let keys = try await jsonPages("kms", "TrentService.ListKeys", region: region, items: "Keys", token: ("Marker", "NextMarker"))
        for key in keys {
            guard let id = key["KeyId"]?.string else { continue }
            let metadata = try await json("kms", "TrentService.DescribeKey", region: region, ["KeyId": .string(id)])["KeyMetadata"] ?? .null
            guard metadata["KeyManager"]?.string != "AWS", metadata["KeyState"]?.string != "PendingDeletion" else { continue }
            let symmetric = (metadata["KeySpec"]?.string ?? "SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT"
            var properties: [String: TemplateValue] = [
                "KeySpec": metadata["KeySpec"] ?? .string("SYMMETRIC_DEFAULT"), "KeyUsage": metadata["KeyUsage"] ?? .string("ENCRYPT_DECRYPT"),
            ]
            if symmetric {
                let rotation = try await json("kms", "TrentService.GetKeyRotationStatus", region: region, ["KeyId": .string(id)])
                properties["EnableKeyRotation"] = rotation["KeyRotationEnabled"] ?? .bool(false)
                if let period = rotation["RotationPeriodInDays"] { properties["RotationPeriodInDays"] = period }
            }
            let policy = try await json("kms", "TrentService.GetKeyPolicy", region: region, ["KeyId": .string(id), "PolicyName": .string("default")])
            properties["KeyPolicy"] = (policy["Policy"] ?? .null).parsedIfJSONText
            out.append(Self.resource("AWS::KMS::Key", id, region: region, arn: metadata["Arn"]?.string, properties))
        }
        return out
    }
}
