public import RampartCore

/// One scope's row of the Scoping Matrix: the key considerations in each discipline.
public struct MatrixRow: Sendable, Hashable, Codable {
    public var scope: Scope
    public var considerations: [Discipline: [String]]

    public init(scope: Scope, considerations: [Discipline: [String]]) {
        self.scope = scope
        self.considerations = considerations
    }

    /// The considerations in one discipline.
    public subscript(discipline: Discipline) -> [String] { considerations[discipline] ?? [] }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ text: String) { stringValue = text }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { return nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        scope = try container.decode(Scope.self, forKey: Key("scope"))
        var considerations: [Discipline: [String]] = [:]
        for discipline in Discipline.allCases {
            considerations[discipline] = try container.decode([String].self, forKey: Key(discipline.rawValue))
        }
        self.considerations = considerations
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(scope, forKey: Key("scope"))
        for discipline in Discipline.allCases { try container.encode(self[discipline], forKey: Key(discipline.rawValue)) }
    }
}
