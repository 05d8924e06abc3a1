public import RampartCore

/// A workload manifest that loaded and validated, with its scope decided and where it came from.
public struct LoadedWorkload: Sendable, Hashable {
    public var manifest: WorkloadManifest
    public var decision: ScopeDecision
    /// The file and line the manifest starts at.
    public var source: SourceLocation

    public init(manifest: WorkloadManifest, decision: ScopeDecision, source: SourceLocation) {
        self.manifest = manifest
        self.decision = decision
        self.source = source
    }
}
