extension AWSAccountReader {
    /// Trails with their logging status.
    func readCloudTrail(_ region: String) async throws(PostureReadError) -> [DeclaredResource] {
        let prefix = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101"
        var out: [DeclaredResource] = []
        let trails = try await json("cloudtrail", "\(prefix).DescribeTrails", region: region, ["includeShadowTrails": .bool(true)])["trailList"]?.list ?? []
        for trail in trails {
            guard let name = trail["Name"]?.string, let arn = trail["TrailARN"]?.string else { continue }
            let status = try await json("cloudtrail", "\(prefix).GetTrailStatus", region: trail["HomeRegion"]?.string ?? region, ["Name": .string(arn)])
            out.append(Self.resource("AWS::CloudTrail::Trail", name, region: trail["HomeRegion"]?.string ?? region, arn: arn, [
                "IsMultiRegionTrail": trail["IsMultiRegionTrail"] ?? .bool(false), "EnableLogFileValidation": trail["LogFileValidationEnabled"] ?? .bool(false),
                "KMSKeyId": trail["KmsKeyId"] ?? .null, "CloudWatchLogsLogGroupArn": trail["CloudWatchLogsLogGroupArn"] ?? .null,
                "IsLogging": status["IsLogging"] ?? .bool(false),
            ]))
        }
        return out
    }

    /// Log groups, their metric filters, and the CloudWatch alarms (by metric).
    func readLogs(_ region: String) async throws(PostureReadError) -> [DeclaredResource] {
        var out: [DeclaredResource] = []
        for group in try await jsonPages("logs", "Logs_20140328.DescribeLogGroups", region: region, items: "logGroups", token: ("nextToken", "nextToken")) {
            guard let name = group["logGroupName"]?.string else { continue }
            out.append(Self.resource("AWS::Logs::LogGroup", name, region: region, arn: group["arn"]?.string, [
                "LogGroupName": .string(name), "KmsKeyId": group["kmsKeyId"] ?? .null, "RetentionInDays": group["retentionInDays"] ?? .null,
            ]))
        }
        for filter in try await jsonPages("logs", "Logs_20140328.DescribeMetricFilters", region: region, items: "metricFilters", token: ("nextToken", "nextToken")) {
            guard let name = filter["filterName"]?.string else { continue }
            out.append(Self.resource("AWS::Logs::MetricFilter", name, region: region, arn: nil, [
                "LogGroupName": filter["logGroupName"] ?? .null, "FilterPattern": filter["filterPattern"] ?? .null,
                "MetricTransformations": .array((filter["metricTransformations"]?.list ?? []).map {
                    .object(["MetricName": $0["metricName"] ?? .null, "MetricNamespace": $0["metricNamespace"] ?? .null])
                }),
            ]))
        }
        for alarm in try await queryPages("monitoring", "DescribeAlarms", version: "2010-08-01", region: region, items: ["MetricAlarms"]) {
            guard let name = alarm["AlarmName"]?.string else { continue }
            out.append(Self.resource("AWS::CloudWatch::Alarm", name, region: region, arn: alarm["AlarmArn"]?.string, [
                "MetricName": alarm["MetricName"] ?? .null, "Namespace": alarm["Namespace"] ?? .null,
            ]))
        }
        return out
    }
}
