import Foundation
public import RampartCore
public import RampartYAML

/// The control catalog and the Scoping Matrix's considerations, loaded from a data file and validated.
public struct ControlCatalog: Sendable {
    public var version: Int
    /// How old an attestation may be before it no longer counts as evidence.
    public var attestationMaximumAgeDays: Int
    /// The matrix rows, one per scope, in scope order.
    public var matrix: [MatrixRow]
    /// The controls, in catalog order.
    public var controls: [Control]
    private var index: [String: Int]

    public init(version: Int, attestationMaximumAgeDays: Int, matrix: [MatrixRow], controls: [Control]) {
        self.version = version
        self.attestationMaximumAgeDays = attestationMaximumAgeDays
        self.matrix = matrix.sorted { $0.scope < $1.scope }
        self.controls = controls
        self.index = Dictionary(controls.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The control with this id, if the catalog holds one.
    public func control(id: String) -> Control? { index[id].map { controls[$0] } }

    /// The matrix row of one scope.
    public func row(for scope: Scope) -> MatrixRow? { matrix.first { $0.scope == scope } }

    /// The controls that apply to a scope (before per-workload conditions).
    public func controls(for scope: Scope) -> [Control] { controls.filter { $0.scopes.contains(scope) } }

    /// The catalog that ships with Rampart.
    public static func bundled() throws(InputErrors) -> ControlCatalog {
        guard let url = Bundle.module.url(forResource: "controls", withExtension: "yaml") else {
            throw InputErrors(InputError(.unreadable, "the bundled control catalog is missing",
                                         at: SourceLocation(file: "controls.yaml")))
        }
        return try load(YAMLSource.read(path: url.path))
    }

    /// Parses and validates a catalog, reporting every problem found at once.
    public static func load(_ source: YAMLSource) throws(InputErrors) -> ControlCatalog {
        let root = try source.singleDocument()
        let document = try StrictYAMLDecoder().decode(CatalogDocument.self, from: root, file: source.file)
        let problems = CatalogValidator.problems(in: document)
        guard problems.isEmpty else {
            throw InputErrors(problems.map { $0.inputError(in: root, file: source.file) })
        }
        return ControlCatalog(
            version: document.version, attestationMaximumAgeDays: document.attestationMaxAgeDays,
            matrix: document.matrix, controls: document.controls)
    }
}

/// The catalog file as written, before validation.
struct CatalogDocument: Decodable {
    var version: Int
    var attestationMaxAgeDays: Int
    var matrix: [MatrixRow]
    var controls: [Control]

    enum CodingKeys: String, CodingKey {
        case version, matrix, controls
        case attestationMaxAgeDays = "attestation_max_age_days"
    }
}
