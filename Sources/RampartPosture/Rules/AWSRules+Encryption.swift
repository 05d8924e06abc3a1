/// Rules on AWS infrastructure.
enum AWSRules {
    static let encryption: [PostureRule] = [
        PostureRule(
            id: "aws.s3.cmek", title: "S3 buckets are encrypted with a customer-managed KMS key", cloud: .aws, severity: .high, controls: ["KEY-CMEK"],
            remediation: "Set the bucket's default encryption to SSE-KMS (aws:kms) with KMSMasterKeyID naming a customer-managed key.",
            frameworks: ["AWS Security Hub S3.17", "AWS Config s3-default-encryption-kms", "Checkov CKV_AWS_145"],
            evaluate: AssetCheck.customerKey([.bucket], noun: "the bucket")),
        PostureRule(
            id: "aws.sagemaker.notebook-cmek", title: "SageMaker notebook instances encrypt their storage with a customer-managed key", cloud: .aws,
            severity: .high, controls: ["KEY-CMEK"], remediation: "Set KmsKeyId on the notebook instance to a customer-managed KMS key.",
            frameworks: ["AWS Config sagemaker-notebook-instance-kms-key-configured", "Checkov CKV_AWS_22", "Checkov CKV_AWS_187"],
            evaluate: AssetCheck.customerKey([.sageMakerNotebook], noun: "the notebook")),
        PostureRule(
            id: "aws.sagemaker.endpoint-cmek", title: "SageMaker endpoint configurations encrypt with a customer-managed key", cloud: .aws,
            severity: .high, controls: ["KEY-CMEK", "KEY-ARTIFACT-ENCRYPTION"],
            remediation: "Set KmsKeyId (kms_key_arn) on the endpoint configuration to a customer-managed KMS key.",
            frameworks: ["AWS Config sagemaker-endpoint-configuration-kms-key-configured", "Checkov CKV_AWS_98"],
            evaluate: AssetCheck.customerKey([.sageMakerEndpointConfig], noun: "the endpoint configuration")),
        PostureRule(
            id: "aws.sagemaker.domain-cmek", title: "SageMaker domains encrypt their storage with a customer-managed key", cloud: .aws,
            severity: .medium, controls: ["KEY-CMEK"], remediation: "Set KmsKeyId on the SageMaker domain to a customer-managed KMS key.",
            frameworks: ["Checkov CKV_AWS_187"],
            evaluate: AssetCheck.customerKey([.sageMakerDomain], noun: "the domain")),
        PostureRule(
            id: "aws.sagemaker.job-cmek", title: "SageMaker training and processing jobs encrypt volumes and output with a customer-managed key", cloud: .aws,
            severity: .high, controls: ["KEY-CMEK", "KEY-ARTIFACT-ENCRYPTION"],
            remediation: "Pass VolumeKmsKeyId and the output KmsKeyId (a customer-managed key) when creating training and processing jobs.",
            evaluate: AssetCheck.customerKey([.sageMakerTrainingJob, .sageMakerProcessingJob], noun: "the job")),
        PostureRule(
            id: "aws.bedrock.custom-model-cmek", title: "Bedrock custom models are encrypted with a customer-managed key", cloud: .aws,
            severity: .high, controls: ["KEY-CMEK", "KEY-PER-MODEL", "KEY-ARTIFACT-ENCRYPTION"],
            remediation: "Set customModelKmsKeyId (custom_model_kms_key_id) to a customer-managed key dedicated to the model when customizing it.",
            evaluate: AssetCheck.customerKey([.bedrockCustomModel], noun: "the custom model")),
        PostureRule(
            id: "aws.bedrock.agent-cmek", title: "Bedrock agents are encrypted with a customer-managed key", cloud: .aws,
            severity: .medium, controls: ["KEY-CMEK"], remediation: "Set CustomerEncryptionKeyArn on the agent to a customer-managed KMS key.",
            frameworks: ["Checkov CKV_AWS_373"],
            evaluate: AssetCheck.customerKey([.bedrockAgent], noun: "the agent")),
        PostureRule(
            id: "aws.cloudtrail.cmek", title: "CloudTrail trails encrypt log files with a customer-managed key", cloud: .aws,
            severity: .medium, controls: ["KEY-CMEK", "LOG-IMMUTABLE-SIEM"], remediation: "Set KMSKeyId on the trail to a customer-managed KMS key.",
            frameworks: ["AWS Security Hub CloudTrail.2", "AWS Config cloud-trail-encryption-enabled", "Checkov CKV_AWS_35"],
            evaluate: AssetCheck.customerKey([.trail], noun: "the trail")),
        PostureRule(
            id: "aws.logs.cmek", title: "CloudWatch log groups are encrypted with a customer-managed key", cloud: .aws,
            severity: .medium, controls: ["KEY-CMEK"], remediation: "Set KmsKeyId on the log group to a customer-managed KMS key.",
            frameworks: ["AWS Config cloudwatch-log-group-encrypted", "Checkov CKV_AWS_158"],
            evaluate: AssetCheck.customerKey([.logGroup], noun: "the log group")),
    ]
}
