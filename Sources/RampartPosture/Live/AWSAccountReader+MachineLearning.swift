extension AWSAccountReader {
    /// SageMaker notebooks, models, endpoint configurations, domains, and training and processing jobs.
    func readSageMaker(_ region: String) async throws(PostureReadError) -> [DeclaredResource] {
        var out: [DeclaredResource] = []
        func each(_ list: String, items: String, name: String, describe: String, key: String, type: String, arn: String,
                  _ shape: (TemplateValue) -> [String: TemplateValue]) async throws(PostureReadError) {
            for summary in try await jsonPages("sagemaker", "SageMaker.\(list)", region: region, items: items) {
                guard let id = summary[name]?.string else { continue }
                let detail = try await json("sagemaker", "SageMaker.\(describe)", region: region, [key: .string(id)])
                out.append(Self.resource(type, id, region: region, arn: detail[arn]?.string, shape(detail)))
            }
        }
        try await each("ListNotebookInstances", items: "NotebookInstances", name: "NotebookInstanceName", describe: "DescribeNotebookInstance",
                       key: "NotebookInstanceName", type: "AWS::SageMaker::NotebookInstance", arn: "NotebookInstanceArn") { detail in
            ["KmsKeyId": detail["KmsKeyId"] ?? .null, "DirectInternetAccess": detail["DirectInternetAccess"] ?? .string("Enabled"), "SubnetId": detail["SubnetId"] ?? .null]
        }
        try await each("ListModels", items: "Models", name: "ModelName", describe: "DescribeModel", key: "ModelName", type: "AWS::SageMaker::Model", arn: "ModelArn") { detail in
            ["EnableNetworkIsolation": detail["EnableNetworkIsolation"] ?? .bool(false), "VpcConfig": detail["VpcConfig"] ?? .null]
        }
        try await each("ListEndpointConfigs", items: "EndpointConfigs", name: "EndpointConfigName", describe: "DescribeEndpointConfig",
                       key: "EndpointConfigName", type: "AWS::SageMaker::EndpointConfig", arn: "EndpointConfigArn") { detail in
            ["KmsKeyId": detail["KmsKeyId"] ?? .null]
        }
        try await each("ListDomains", items: "Domains", name: "DomainId", describe: "DescribeDomain", key: "DomainId", type: "AWS::SageMaker::Domain", arn: "DomainArn") { detail in
            ["DomainName": detail["DomainName"] ?? .null, "AppNetworkAccessType": detail["AppNetworkAccessType"] ?? .string("PublicInternetOnly"), "KmsKeyId": detail["KmsKeyId"] ?? .null]
        }
        try await each("ListTrainingJobs", items: "TrainingJobSummaries", name: "TrainingJobName", describe: "DescribeTrainingJob",
                       key: "TrainingJobName", type: "AWS::SageMaker::TrainingJob", arn: "TrainingJobArn") { detail in
            ["EnableNetworkIsolation": detail["EnableNetworkIsolation"] ?? .bool(false), "VpcConfig": detail["VpcConfig"] ?? .null,
             "VolumeKmsKeyId": detail.at("ResourceConfig", "VolumeKmsKeyId") ?? .null, "OutputKmsKeyId": detail.at("OutputDataConfig", "KmsKeyId") ?? .null]
        }
        try await each("ListProcessingJobs", items: "ProcessingJobSummaries", name: "ProcessingJobName", describe: "DescribeProcessingJob",
                       key: "ProcessingJobName", type: "AWS::SageMaker::ProcessingJob", arn: "ProcessingJobArn") { detail in
            ["EnableNetworkIsolation": detail.at("NetworkConfig", "EnableNetworkIsolation") ?? .bool(false), "VpcConfig": detail.at("NetworkConfig", "VpcConfig") ?? .null,
             "VolumeKmsKeyId": detail.at("ProcessingResources", "ClusterConfig", "VolumeKmsKeyId") ?? .null,
             "OutputKmsKeyId": detail.at("ProcessingOutputConfig", "KmsKeyId") ?? .null]
        }
        return out
    }

    /// Bedrock custom models, agents and the model invocation logging configuration.
    func readBedrock(_ region: String) async throws(PostureReadError) -> [DeclaredResource] {
        var out: [DeclaredResource] = []
        var token: String?
        for _ in 0..<Self.maximumPages {
            let page = try await rest("bedrock", "GET", "/custom-models", region: region, query: token.map { [("nextToken", $0)] } ?? [])
            for summary in page["modelSummaries"]?.list ?? [] {
                guard let arn = summary["modelArn"]?.string else { continue }
                let identifier = summary["modelName"]?.string ?? arn
                let model = try await rest("bedrock", "GET", "/custom-models/\(AWSFormEncoding.encode(identifier))", region: region)
                out.append(Self.resource("AWS::Bedrock::CustomModel", summary["modelName"]?.string ?? arn, region: region, arn: arn,
                                         ["ModelKmsKeyArn": model["modelKmsKeyArn"] ?? .null]))
            }
            token = page["nextToken"]?.string
            if token?.isEmpty ?? true { break }
        }
        let logging = try await rest("bedrock", "GET", "/logging/modelinvocations", region: region)
        out.append(Self.resource("AWS::Bedrock::ModelInvocationLogging", "model-invocation-logging", region: region, arn: nil,
                                 ["LoggingConfig": logging["loggingConfig"] ?? .null]))
        let agents = try await rest("bedrock", "POST", "/agents/", region: region, body: "{}", hostPrefix: "bedrock-agent")
        for summary in agents["agentSummaries"]?.list ?? [] {
            guard let id = summary["agentId"]?.string else { continue }
            let agent = try await rest("bedrock", "GET", "/agents/\(id)/", region: region, hostPrefix: "bedrock-agent")["agent"] ?? .null
            out.append(Self.resource("AWS::Bedrock::Agent", summary["agentName"]?.string ?? id, region: region, arn: agent["agentArn"]?.string,
                                     ["CustomerEncryptionKeyArn": agent["customerEncryptionKeyArn"] ?? .null]))
        }
        return out
    }

    /// GuardDuty detectors and their status.
    func readGuardDuty(_ region: String) async throws(PostureReadError) -> [DeclaredResource] {
        var out: [DeclaredResource] = []
        for id in try await rest("guardduty", "GET", "/detector", region: region)["detectorIds"]?.list.compactMap(\.string) ?? [] {
            let detector = try await rest("guardduty", "GET", "/detector/\(id)", region: region)
            out.append(Self.resource("AWS::GuardDuty::Detector", id, region: region, arn: "arn:aws:guardduty:\(region)::detector/\(id)",
                                     ["Enable": .bool(detector["status"]?.string == "ENABLED")]))
        }
        return out
    }

    /// Security Hub and its enabled standards; a hub that is not enabled answers InvalidAccessException. When the
    /// standards cannot be read the hub is kept without them (not judged on them) and the gap is reported.
    func readSecurityHub(_ region: String) async throws(PostureReadError) -> ([DeclaredResource], [String]) {
        let response = try await transport.send(AWSAPIRequest(service: "securityhub", region: region, path: "/accounts"))
        guard (200..<300).contains(response.status), let hub = AWSAnswer.json(response.body), let arn = hub["HubArn"]?.string else {
            let code = AWSAnswer.errorCode(response.body) ?? "HTTP \(response.status)"
            if code == "InvalidAccessException" || code == "ResourceNotFoundException" { return ([], []) }
            throw PostureReadError(.refused, "securityhub DescribeHub: \(code)")
        }
        var properties: [String: TemplateValue] = [:]
        var notes: [String] = []
        do {
            let standards = try await rest("securityhub", "POST", "/standards/get", region: region, body: "{}")
            let enabled = (standards["StandardsSubscriptions"]?.list ?? []).filter { ($0["StandardsStatus"]?.string ?? "READY") == "READY" }
            properties["Standards"] = .array(enabled.compactMap { $0["StandardsArn"] })
        } catch {
            notes.append("enabled standards: \(error.message)")
        }
        return ([Self.resource("AWS::SecurityHub::Hub", arn, region: region, arn: arn, properties)], notes)
    }
}
