import RampartAudit
import RampartCore
import RampartYAML

/// `audit:` in `rampart.yaml`: the log's name and how often its tree head is signed.
public struct AuditSettings: Sendable, Hashable, Decodable {
    /// The log's origin: the first line of every checkpoint and the name of its signing key.
    public var origin: String
    /// Seconds between signed checkpoints while the log grows (one is also signed at shutdown).
    public var checkpointSeconds: Int
    /// Days entries' records are kept, per data classification (`public`, `internal`, `confidential`,
    /// `restricted`) and `default` for the rest; none: kept forever.
    public var retentionDays: [String: Int]
    /// Where the log's events are exported as OCSF (and findings as ASFF), each export keeping its own place.
    public var export: [ExportSettings]
    /// Seconds between export runs while the gateway serves.
    public var exportSeconds: Int

    enum CodingKeys: String, CodingKey {
        case origin, export
        case checkpointSeconds = "checkpoint_seconds"
        case retentionDays = "retention_days"
        case exportSeconds = "export_seconds"
    }

    public init(origin: String = "rampart.local/audit", checkpointSeconds: Int = 60, retentionDays: [String: Int] = [:],
                export: [ExportSettings] = [], exportSeconds: Int = 5) {
        self.origin = origin
        self.checkpointSeconds = checkpointSeconds
        self.retentionDays = retentionDays
        self.export = export
        self.exportSeconds = exportSeconds
    }

    /// The retention the purge service applies.
    var retention: AuditRetention {
        AuditRetention(days: retentionDays.filter { $0.key != "default" }, defaultDays: retentionDays["default"])
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        origin = try c.decodeIfPresent(String.self, forKey: .origin) ?? "rampart.local/audit"
        checkpointSeconds = try c.decodeIfPresent(Int.self, forKey: .checkpointSeconds) ?? 60
        retentionDays = try c.decodeIfPresent([String: Int].self, forKey: .retentionDays) ?? [:]
        export = try c.decodeIfPresent([ExportSettings].self, forKey: .export) ?? []
        exportSeconds = try c.decodeIfPresent(Int.self, forKey: .exportSeconds) ?? 5
    }

    func problems() -> [LocatedProblem] {
        let base = YAMLPath().key("audit")
        var problems: [LocatedProblem] = []
        // A signed-note key name is printable, without spaces or '+' (it separates the verifier key's parts).
        if origin.isEmpty || !origin.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "+" }) {
            problems.append(LocatedProblem(.invalidValue, at: base.key("origin"), "a log origin is printable ASCII without spaces or '+' (rampart.example.com/audit)"))
        }
        if !(1...86_400).contains(checkpointSeconds) {
            problems.append(LocatedProblem(.invalidValue, at: base.key("checkpoint_seconds"), "must be 1 to 86400"))
        }
        for (key, days) in retentionDays.sorted(by: { $0.key < $1.key }) {
            if key != "default" && DataClassification(rawValue: key) == nil {
                problems.append(LocatedProblem(.invalidValue, at: base.key("retention_days").key(key),
                                               "'\(key)' is not a data classification (public, internal, confidential, restricted) or default"))
            }
            if !(1...36_500).contains(days) { problems.append(LocatedProblem(.invalidValue, at: base.key("retention_days").key(key), "must be 1 to 36500")) }
        }
        if !(1...3_600).contains(exportSeconds) {
            problems.append(LocatedProblem(.invalidValue, at: base.key("export_seconds"), "must be 1 to 3600"))
        }
        var names: Set<String> = []
        for (index, export) in export.enumerated() {
            problems += export.problems(at: base.key("export").index(index))
            if !names.insert(export.name).inserted {
                problems.append(LocatedProblem(.invalidValue, at: base.key("export").index(index).key("name"), "another export is named \(export.name)"))
            }
        }
        return problems
    }
}
