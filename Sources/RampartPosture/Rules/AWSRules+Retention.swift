extension AWSRules {
    static let retention: [PostureRule] = [
        PostureRule(
            id: "aws.s3.lifecycle-expiry", title: "S3 lifecycle rules expire data within the retention limit", cloud: .aws, severity: .medium,
            controls: ["LEG-RETENTION"],
            remediation: "Add an enabled lifecycle rule with an expiration (ExpirationInDays) no longer than the retention limit (posture.retention_days).",
            frameworks: ["AWS Security Hub S3.13", "AWS Config s3-lifecycle-policy-check", "Checkov CKV2_AWS_61"],
            evaluate: { infrastructure, settings in
                infrastructure.assets(.bucket).compactMap { bucket in
                    guard let facts = bucket.bucket, facts.lifecycleKnown else { return nil }
                    guard let days = facts.expirationDays else { return PostureRule.Check(bucket.ref, passed: false, "no enabled lifecycle rule expires objects") }
                    return retentionCheck(bucket.ref, "objects", days: days, limit: settings.retentionDays)
                }
            }),
        PostureRule(
            id: "aws.logs.retention", title: "CloudWatch log groups expire events within the retention limit", cloud: .aws, severity: .low,
            controls: ["LEG-RETENTION"],
            remediation: "Set RetentionInDays on the log group, no longer than the retention limit; an omitted retention keeps events forever.",
            frameworks: ["Checkov CKV_AWS_66"],
            evaluate: { infrastructure, settings in
                infrastructure.assets(.logGroup).compactMap { group in
                    guard let days = group.retentionDays else { return nil }
                    if days == 0 { return PostureRule.Check(group.ref, passed: false, "events never expire") }
                    return retentionCheck(group.ref, "events", days: days, limit: settings.retentionDays)
                }
            }),
    ]

    /// `what` expire after `days`: within the retention limit or beyond it.
    static func retentionCheck(_ resource: ResourceRef, _ what: String, days: Int, limit: Int) -> PostureRule.Check {
        days <= limit
            ? PostureRule.Check(resource, passed: true, "\(what) expire after \(days) days")
            : PostureRule.Check(resource, passed: false, "\(what) expire after \(days) days, beyond the \(limit)-day limit")
    }
}
