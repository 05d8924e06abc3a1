import Foundation

/// One resource as an input declares it, before translation: its type in the input's own naming, the name the input
/// knows it by, its properties with references resolved as far as they can be, and where it was written.
public struct DeclaredResource: Sendable, Hashable {
    /// `AWS::S3::Bucket`, `aws_s3_bucket`, `awscc_bedrock_agent`, `google_kms_crypto_key`, `azurerm_key_vault`.
    public var type: String
    /// The CloudFormation logical id or the Terraform address.
    public var name: String
    public var properties: TemplateValue
    public var location: ResourceLocation
    /// The ARN or id the cloud knows it by (live accounts).
    public var cloudID: String?

    public init(type: String, name: String, properties: TemplateValue, location: ResourceLocation, cloudID: String? = nil) {
        self.type = type
        self.name = name
        self.properties = properties
        self.location = location
        self.cloudID = cloudID
    }

    /// The type with its provider prefix and punctuation removed, lowercased, so that CloudFormation's
    /// `AWS::Bedrock::Agent` and the Terraform `awscc_bedrock_agent` are both `bedrockagent`; `aws_` types keep
    /// a prefix of their own (`tf:`) because the `aws` provider shapes its resources differently.
    public var kind: String {
        if type.hasPrefix("AWS::") { return TemplateValue.folded(type.dropFirst(5).replacingOccurrences(of: "::", with: "")) }
        if type.hasPrefix("awscc_") { return TemplateValue.folded(String(type.dropFirst(6))) }
        return "tf:" + type
    }
}

/// Where a resource came from: the file and, when the input has lines, the line its declaration starts on; for a
/// live account, the ARN or id and region.
public struct ResourceLocation: Sendable, Hashable, Codable {
    public var file: String
    public var line: Int?
    public var region: String?

    public init(file: String, line: Int? = nil, region: String? = nil) {
        self.file = file
        self.line = line
        self.region = region
    }
}
