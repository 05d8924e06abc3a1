public import RampartCore
public import RampartMatrix

/// What a workload allows the gateway to do with its calls: which providers and models, in which regions.
public struct WorkloadPolicy: Sendable, Hashable {
    public var name: String
    public var scope: Scope
    public var classification: DataClassification
    /// Allowed providers by name, each with its allowed models (empty: any model of that provider).
    public var providers: [String: Set<String>]
    /// Allowed regions; empty means the workload does not restrict regions.
    public var regions: Set<String>

    public init(name: String, scope: Scope, classification: DataClassification, providers: [String: Set<String>], regions: Set<String>) {
        self.name = name
        self.scope = scope
        self.classification = classification
        self.providers = providers
        self.regions = regions
    }

    /// The policy a workload manifest implies.
    public init(_ workload: LoadedWorkload) {
        let (classification, _) = Assessor.effectiveClassification(of: workload)
        self.init(
            name: workload.manifest.name, scope: workload.decision.scope, classification: classification,
            providers: Dictionary(workload.manifest.providers.map { ($0.name, Set($0.models)) }, uniquingKeysWith: { $0.union($1) }),
            regions: Set(workload.manifest.regions))
    }

    /// Whether calls of this workload may go to the deployment, and if not, why.
    public func allows(_ deployment: Deployment) -> Result<Void, Refusal> {
        guard let models = providers[deployment.provider] else {
            return .failure(Refusal("workload '\(name)' does not allow provider '\(deployment.provider)'"))
        }
        if !models.isEmpty, !models.contains(deployment.upstreamModel) {
            return .failure(Refusal("workload '\(name)' does not allow model '\(deployment.upstreamModel)' of '\(deployment.provider)'"))
        }
        if !regions.isEmpty, !regions.contains(deployment.region) {
            return .failure(Refusal("workload '\(name)' does not allow region '\(deployment.region)'"))
        }
        return .success(())
    }

    public struct Refusal: Error, Sendable, Hashable {
        public var reason: String
        public init(_ reason: String) { self.reason = reason }
    }
}
