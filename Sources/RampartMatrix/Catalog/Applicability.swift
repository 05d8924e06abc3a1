public import RampartCore

/// A condition under which a control applies to a workload; every key given must hold.
public struct Applicability: Sendable, Hashable, Codable {
    /// The workload handles at least one of these kinds of data.
    public var dataKindsAny: [DataKind]?
    /// The workload's training data holds at least one of these kinds (scopes 4 and 5).
    public var trainingDataKindsAny: [DataKind]?
    /// The workload's effective classification is at least this.
    public var classificationAtLeast: DataClassification?
    /// The workload runs in at least this many regions.
    public var regionsAtLeast: Int?
    /// The workload serves one of these user populations.
    public var usersAny: [UserPopulation]?
    /// The workload uses retrieval-augmented generation (or not).
    public var retrieval: Bool?

    enum CodingKeys: String, CodingKey {
        case dataKindsAny = "data_kinds_any"
        case trainingDataKindsAny = "training_data_kinds_any"
        case classificationAtLeast = "classification_at_least"
        case regionsAtLeast = "regions_at_least"
        case usersAny = "users_any"
        case retrieval
    }

    public init(
        dataKindsAny: [DataKind]? = nil, trainingDataKindsAny: [DataKind]? = nil,
        classificationAtLeast: DataClassification? = nil, regionsAtLeast: Int? = nil,
        usersAny: [UserPopulation]? = nil, retrieval: Bool? = nil
    ) {
        self.dataKindsAny = dataKindsAny
        self.trainingDataKindsAny = trainingDataKindsAny
        self.classificationAtLeast = classificationAtLeast
        self.regionsAtLeast = regionsAtLeast
        self.usersAny = usersAny
        self.retrieval = retrieval
    }

    /// Whether no condition is set at all.
    public var isEmpty: Bool {
        dataKindsAny == nil && trainingDataKindsAny == nil && classificationAtLeast == nil
            && regionsAtLeast == nil && usersAny == nil && retrieval == nil
    }

    /// Whether the workload meets every condition given.
    public func holds(for workload: WorkloadManifest, effectiveClassification: DataClassification) -> Bool {
        if let kinds = dataKindsAny, Set(kinds).isDisjoint(with: workload.data.kinds) { return false }
        if let kinds = trainingDataKindsAny, Set(kinds).isDisjoint(with: workload.trainingData?.kinds ?? []) {
            return false
        }
        if let floor = classificationAtLeast, effectiveClassification < floor { return false }
        if let minimum = regionsAtLeast, Set(workload.regions).count < minimum { return false }
        if let users = usersAny, !users.contains(workload.users) { return false }
        if let retrieval, retrieval != workload.retrieval { return false }
        return true
    }

    /// The condition in words, for "not applicable" reasons.
    public var summary: String {
        var parts: [String] = []
        if let kinds = dataKindsAny { parts.append("it handles \(kinds.map(\.rawValue).joined(separator: " or "))") }
        if let kinds = trainingDataKindsAny {
            parts.append("its training data holds \(kinds.map(\.rawValue).joined(separator: " or "))")
        }
        if let floor = classificationAtLeast { parts.append("it is classified \(floor.rawValue) or higher") }
        if let minimum = regionsAtLeast { parts.append("it runs in \(minimum) or more regions") }
        if let users = usersAny { parts.append("it serves \(users.map(\.rawValue).joined(separator: " or ")) users") }
        if let retrieval { parts.append(retrieval ? "it uses retrieval" : "it does not use retrieval") }
        return parts.joined(separator: " and ")
    }
}
