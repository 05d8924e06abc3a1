extension AWSAccountReader {
    static let ec2Version = "2016-11-15"

    /// Security groups (ingress), VPCs and VPC endpoints.
    func readEC2(_ region: String) async throws(PostureReadError) -> [DeclaredResource] {
        var out: [DeclaredResource] = []
        for group in try await queryPages("ec2", "DescribeSecurityGroups", version: Self.ec2Version, region: region, items: ["securityGroupInfo"]) {
            guard let id = group["groupId"]?.string else { continue }
            var ingress: [TemplateValue] = []
            for permission in group["ipPermissions"]?.list ?? [] {
                var base: [String: TemplateValue] = ["IpProtocol": permission["ipProtocol"] ?? .string("-1")]
                if let from = permission["fromPort"] { base["FromPort"] = from }
                if let to = permission["toPort"] { base["ToPort"] = to }
                for range in permission["ipRanges"]?.list ?? [] {
                    if let cidr = range["cidrIp"] { ingress.append(.object(base.merging(["CidrIp": cidr]) { a, _ in a })) }
                }
                for range in permission["ipv6Ranges"]?.list ?? [] {
                    if let cidr = range["cidrIpv6"] { ingress.append(.object(base.merging(["CidrIpv6": cidr]) { a, _ in a })) }
                }
            }
            out.append(Self.resource("AWS::EC2::SecurityGroup", id, region: region, arn: id, [
                "GroupName": group["groupName"] ?? .null, "SecurityGroupIngress": .array(ingress), "Tags": Self.ec2Tags(group),
            ]))
        }
        for vpc in try await queryPages("ec2", "DescribeVpcs", version: Self.ec2Version, region: region, items: ["vpcSet"]) {
            guard let id = vpc["vpcId"]?.string else { continue }
            out.append(Self.resource("AWS::EC2::VPC", id, region: region, arn: id, ["Tags": Self.ec2Tags(vpc)]))
        }
        for endpoint in try await queryPages("ec2", "DescribeVpcEndpoints", version: Self.ec2Version, region: region, items: ["vpcEndpointSet"]) {
            guard let id = endpoint["vpcEndpointId"]?.string else { continue }
            out.append(Self.resource("AWS::EC2::VPCEndpoint", id, region: region, arn: id, [
                "ServiceName": endpoint["serviceName"] ?? .null, "VpcId": endpoint["vpcId"] ?? .null, "VpcEndpointType": endpoint["vpcEndpointType"] ?? .null,
            ]))
        }
        return out
    }

    /// EC2's `tagSet` as `[{Key, Value}]`.
    static func ec2Tags(_ resource: TemplateValue) -> TemplateValue {
        .array((resource["tagSet"]?.list ?? []).map { .object(["Key": $0["key"] ?? .null, "Value": $0["value"] ?? .null]) })
    }
}
