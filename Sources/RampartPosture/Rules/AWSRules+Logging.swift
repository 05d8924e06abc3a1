extension AWSRules {
    /// Suspicious API patterns a trail's log group must alarm on, each recognized by any of its event names.
    static let alarmFamilies: [(name: String, events: [String])] = [
        ("unauthorized API calls", ["UnauthorizedOperation", "AccessDenied"]),
        ("KMS keys disabled or scheduled for deletion", ["DisableKey", "ScheduleKeyDeletion"]),
        ("CloudTrail changes", ["StopLogging", "DeleteTrail", "UpdateTrail"]),
        ("IAM policy changes", ["PutRolePolicy", "AttachRolePolicy", "CreatePolicyVersion", "PutUserPolicy"]),
    ]

    static let logging: [PostureRule] = [
        PostureRule(
            id: "aws.cloudtrail.multi-region", title: "A CloudTrail trail records every region", cloud: .aws, severity: .high, controls: ["LOG-API-AUDIT"],
            remediation: "Set IsMultiRegionTrail: true (and IsLogging: true) on the trail.",
            frameworks: ["AWS Security Hub CloudTrail.1", "AWS Config multi-region-cloudtrail-enabled", "Checkov CKV_AWS_67"],
            evaluate: { infrastructure, _ in
                let trails = infrastructure.assets(.trail)
                if trails.isEmpty, infrastructure.isWholeAccount, let account = infrastructure.account {
                    return [PostureRule.Check(account, passed: false, "the account has no CloudTrail trail")]
                }
                return trails.compactMap { trail in
                    guard let multi = trail.trail?.multiRegion else { return nil }
                    if trail.trail?.logging == false { return PostureRule.Check(trail.ref, passed: false, "the trail is not logging") }
                    return PostureRule.Check(trail.ref, passed: multi, multi ? "records every region" : "records one region only")
                }
            }),
        PostureRule(
            id: "aws.cloudtrail.log-validation", title: "CloudTrail log file validation is on", cloud: .aws, severity: .medium, controls: ["LOG-IMMUTABLE-SIEM"],
            remediation: "Set EnableLogFileValidation: true, so that changed or deleted log files can be told from the digest files.",
            frameworks: ["AWS Security Hub CloudTrail.4", "AWS Config cloud-trail-log-file-validation-enabled", "Checkov CKV_AWS_36"],
            evaluate: AssetCheck.fact([.trail], { $0.trail?.logFileValidation }, wanted: true, pass: "log file validation is on", fail: "log file validation is off")),
        PostureRule(
            id: "aws.cloudtrail.alarms", title: "CloudTrail feeds CloudWatch alarms on suspicious API patterns", cloud: .aws, severity: .medium,
            controls: ["LOG-API-AUDIT", "KEY-USAGE-ALERTS", "DET-THREAT-DETECTION"],
            remediation: "Send the trail to a CloudWatch Logs group (CloudWatchLogsLogGroupArn) and add metric filters with alarms for unauthorized calls (AccessDenied, UnauthorizedOperation), KMS key disabling or deletion, CloudTrail changes and IAM policy changes.",
            frameworks: ["AWS Security Hub CloudTrail.5", "AWS Security Hub CloudWatch.2", "AWS Security Hub CloudWatch.7", "Checkov CKV2_AWS_10"],
            evaluate: { infrastructure, _ in
                infrastructure.assets(.trail).compactMap { trail in
                    guard let facts = trail.trail else { return nil }
                    guard let group = facts.logGroup else { return PostureRule.Check(trail.ref, passed: false, "the trail delivers to no CloudWatch Logs group") }
                    let names = logGroupNames(group, in: infrastructure)
                    let patterns = infrastructure.alarmedPatterns.filter { pattern in
                        pattern.logGroup.map { names.contains(logGroupName($0)) } ?? false
                    }.map(\.pattern)
                    let missing = alarmFamilies.filter { family in !patterns.contains { pattern in family.events.contains { pattern.contains($0) } } }
                    return missing.isEmpty
                        ? PostureRule.Check(trail.ref, passed: true, "alarms on \(alarmFamilies.map(\.name).joined(separator: ", "))")
                        : PostureRule.Check(trail.ref, passed: false, "no alarm on \(missing.map(\.name).joined(separator: ", "))")
                }
            }),
        PostureRule(
            id: "aws.bedrock.invocation-logging", title: "Bedrock model invocation logging is on", cloud: .aws, severity: .medium, controls: ["LOG-API-AUDIT"],
            remediation: "Turn on model invocation logging (PutModelInvocationLoggingConfiguration) to S3 or CloudWatch Logs in every region Bedrock is used.",
            evaluate: { infrastructure, _ in
                let configurations = infrastructure.assets(.bedrockInvocationLogging)
                let missing = infrastructure.regions.filter { region in !configurations.contains { $0.ref.location.region == region } }
                if infrastructure.isWholeAccount, !missing.isEmpty {
                    return missing.compactMap(infrastructure.account(in:)).map { PostureRule.Check($0, passed: false, "model invocation logging could not be read") }
                }
                return configurations.compactMap { configuration in
                    configuration.enabled.map { PostureRule.Check(configuration.ref, passed: $0, $0 ? "invocations are logged" : "no destination: invocations are not logged") }
                }
            }),
        PostureRule(
            id: "aws.guardduty.enabled", title: "GuardDuty is on", cloud: .aws, severity: .high, controls: ["DET-THREAT-DETECTION"],
            remediation: "Enable a GuardDuty detector in every region used.",
            frameworks: ["AWS Security Hub GuardDuty.1", "AWS Config guardduty-enabled-centralized", "Checkov CKV_AWS_238"],
            evaluate: monitorChecks(.guardDuty, noun: "GuardDuty detector")),
        PostureRule(
            id: "aws.securityhub.enabled", title: "Security Hub is on, with standards enabled", cloud: .aws, severity: .medium, controls: ["DET-THREAT-DETECTION"],
            remediation: "Enable Security Hub in every region used and subscribe to the AWS Foundational Security Best Practices standard.",
            frameworks: ["AWS Config securityhub-enabled"],
            evaluate: monitorChecks(.securityHub, noun: "Security Hub")),
    ]

    /// Per monitor: on (with standards, when they are known); in a whole account, none at all is a failure.
    static func monitorChecks(_ kind: Monitor.Kind, noun: String) -> @Sendable (Infrastructure, PostureSettings) -> [PostureRule.Check] {
        { infrastructure, _ in
            let monitors = infrastructure.monitors.filter { $0.kind == kind }
            // A live account without one in a region it uses fails there.
            let absent: [PostureRule.Check] = infrastructure.isWholeAccount
                ? infrastructure.regions.filter { region in !monitors.contains { $0.ref.location.region == region } }
                    .compactMap(infrastructure.account(in:)).map { PostureRule.Check($0, passed: false, "no \(noun) in \($0.location.region ?? "the region")") }
                : []
            return absent + monitors.compactMap { monitor in
                guard let enabled = monitor.enabled else { return nil }
                guard enabled else { return PostureRule.Check(monitor.ref, passed: false, "\(noun) is disabled") }
                if let standards = monitor.standards, standards.isEmpty { return PostureRule.Check(monitor.ref, passed: false, "\(noun) is on with no standard enabled") }
                return PostureRule.Check(monitor.ref, passed: true, "\(noun) is on" + (monitor.standards.map { " (\($0.joined(separator: ", ")))" } ?? ""))
            }
        }
    }

    /// A log group's name from an ARN (`...:log-group:NAME:*`), a reference or a name.
    static func logGroupName(_ text: String) -> String {
        if let range = text.range(of: ":log-group:") {
            return String(text[range.upperBound...].prefix { $0 != ":" })
        }
        if text.hasPrefix("${") { return String(text.dropFirst(2).prefix { $0 != "." && $0 != "}" }) }
        return text
    }

    /// Every name the log group a trail points at is known by (its logical id or address and its name).
    static func logGroupNames(_ target: String, in infrastructure: Infrastructure) -> Set<String> {
        let name = logGroupName(target)
        var names: Set<String> = [name]
        for group in infrastructure.assets(.logGroup) where group.names.contains(name) || group.ref.cloudID == name {
            names.formUnion(group.names)
            if let id = group.ref.cloudID { names.insert(id) }
        }
        return names
    }
}
