import RampartCore

/// The JSON form of `rampart scope matrix`: scopes, disciplines, the cells, and the whole control catalog.
struct MatrixDocument: Encodable {
    var schema = "rampart.matrix/v1"
    var catalogVersion: Int
    var attestationMaxAgeDays: Int
    var scopes: [ScopeEntry]
    var disciplines: [DisciplineEntry]
    var cells: [Cell]
    var controls: [ControlEntry]

    enum CodingKeys: String, CodingKey {
        case schema, scopes, disciplines, cells, controls
        case catalogVersion = "catalog_version"
        case attestationMaxAgeDays = "attestation_max_age_days"
    }

    struct ScopeEntry: Encodable {
        var number: Int
        var title: String
        var buying: Bool
        var meaning: String
    }

    struct DisciplineEntry: Encodable {
        var id: String
        var title: String
        var meaning: String
    }

    struct Cell: Encodable {
        var scope: Int
        var discipline: String
        var considerations: [String]
        var controls: [String]
    }

    struct ControlEntry: Encodable {
        var id: String
        var title: String
        var discipline: String
        var scopes: [Int]
        var level: String
        var rationale: String
        var evidence: [String]
        var manifestFact: String?
        var appliesWhen: [Applicability]
        var tools: ProviderTools
        var mappings: FrameworkMappings

        enum CodingKeys: String, CodingKey {
            case id, title, discipline, scopes, level, rationale, evidence, tools, mappings
            case manifestFact = "manifest_fact"
            case appliesWhen = "applies_when"
        }
    }

    init(_ catalog: ControlCatalog) {
        catalogVersion = catalog.version
        attestationMaxAgeDays = catalog.attestationMaximumAgeDays
        scopes = Scope.allCases.map { ScopeEntry(number: $0.number, title: $0.title, buying: $0.isBuying, meaning: $0.meaning) }
        disciplines = Discipline.allCases.map { DisciplineEntry(id: $0.rawValue, title: $0.title, meaning: $0.meaning) }
        cells = catalog.matrix.flatMap { row in
            Discipline.allCases.map { discipline in
                Cell(scope: row.scope.number, discipline: discipline.rawValue, considerations: row[discipline],
                     controls: catalog.controls(for: row.scope).filter { $0.discipline == discipline }.map(\.id))
            }
        }
        controls = catalog.controls.map {
            ControlEntry(
                id: $0.id, title: $0.title, discipline: $0.discipline.rawValue, scopes: $0.scopes.map(\.number),
                level: $0.level.rawValue, rationale: $0.rationale, evidence: $0.evidence.map(\.rawValue),
                manifestFact: $0.manifestFact?.rawValue, appliesWhen: $0.appliesWhen, tools: $0.tools, mappings: $0.mappings)
        }
    }
}
