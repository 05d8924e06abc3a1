import AsyncHTTPClient
import Foundation
import RampartAWS
import RampartCore
import RampartGateway
import RampartPosture

extension PostureCommands {
    /// Scans the AWS account configured under `posture.aws`, read-only. A part that cannot be read is listed in the
    /// report and, with `--fail-on`, fails the scan (as a template's loop that cannot be expanded does).
    public static func scanAccount(options: Options, context: RampartContext, progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> CommandOutput {
        try options.check()
        let report = try await accountReport(context: context, progress: progress)
        return render(report, options: options, context: context)
    }

    /// Reads the configured account and runs the rules. AWS and STS are called through pinned clients, like every
    /// service Rampart calls (the instance metadata service through the plain one), with the gateway's CA bundle.
    static func accountReport(context: RampartContext, progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> ScanReport {
        guard let aws = context.configuration.posture.aws else {
            throw InputErrors(InputError(.missingValue, "a live scan needs posture.aws (regions, and credentials or the AWS_* environment)",
                                         at: SourceLocation(file: "configuration", keyPath: "posture.aws")))
        }
        let configuration = try GatewayServer.upstreamConfiguration(context: context)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let pins = PinnedUpstreamClients(shared: client, configuration: configuration)
        let services = ServiceClient(pins: pins)
        let credentials: AWSCredentialSource
        do {
            // STS in the first region scanned (the web identity's sts_endpoint when set).
            credentials = try (aws.credentials ?? .environment).source(environment: context.environment, region: aws.regions.first ?? "us-east-1",
                                                                       client: client, services: services)
        } catch {
            await pins.shutdown()
            try? await client.shutdown()
            throw InputErrors(error.located(at: SourceLocation(file: "configuration", keyPath: "posture.aws.credentials")))
        }
        let transport = SignedAWSTransport(send: services.execute(_:timeout:), credentials: credentials,
                                           endpoint: aws.endpoint.flatMap(URL.init(string:)), clock: context.clock)
        let reader = AWSAccountReader(transport: transport, regions: aws.regions)
        let scanned: Result<ScanReport, PostureReadError>
        do { scanned = .success(try await PostureScanner(settings: context.configuration.posture.settings).scan(account: reader, progress: progress)) } catch {
            scanned = .failure(error)
        }
        await pins.shutdown()
        try? await client.shutdown()
        return try scanned.get()
    }
}
