import RampartCore

/// Renders the Scoping Matrix and the control catalog as text, JSON or Markdown.
public enum MatrixRenderer {
    /// The formats the matrix renders to.
    public static let formats: [OutputFormat] = [.text, .json, .markdown]

    public static func render(_ catalog: ControlCatalog, as format: OutputFormat) -> String {
        switch format {
        case .json: StableJSON.encode(MatrixDocument(catalog))
        case .markdown, .html: markdown(catalog)
        case .text: text(catalog)
        }
    }

    static func scopeList(_ control: Control) -> String { control.scopes.map { "\($0.number)" }.joined(separator: ",") }

    static func text(_ catalog: ControlCatalog) -> String {
        var out = ["Generative AI Security Scoping Matrix", ""]
        for row in catalog.matrix {
            let side = row.scope.isBuying ? "buying" : "building"
            out.append("Scope \(row.scope.number): \(row.scope.title) (\(side))")
            out.append("  \(row.scope.meaning)")
            for discipline in Discipline.allCases {
                out.append("  \(discipline.title.padding(toLength: 24, withPad: " ", startingAt: 0))\(row[discipline].joined(separator: "; "))")
            }
            out.append("")
        }
        var table = TextTable(["CONTROL", "DISCIPLINE", "SCOPES", "LEVEL", "TITLE"])
        table.maximumColumnWidth = 90
        for control in catalog.controls {
            table.add([control.id, control.discipline.rawValue, scopeList(control), control.level.rawValue, control.title])
        }
        out.append("Control catalog (\(catalog.controls.count) controls; `--format json` adds rationale, evidence, tools and mappings)")
        out.append(table.render())
        return out.joined(separator: "\n") + "\n"
    }

    static func markdown(_ catalog: ControlCatalog) -> String {
        let md = AssessmentRenderer.md
        var out = ["# Generative AI Security Scoping Matrix", ""]
        out.append("| Scope | " + Discipline.allCases.map(\.title).joined(separator: " | ") + " |")
        out.append("|---" + String(repeating: "|---", count: Discipline.allCases.count) + "|")
        for row in catalog.matrix {
            let cells = Discipline.allCases.map { row[$0].map(md).joined(separator: "<br>") }
            out.append("| **\(row.scope.number). \(row.scope.title)** | " + cells.joined(separator: " | ") + " |")
        }
        out += ["", "## Control catalog", ""]
        for discipline in Discipline.allCases {
            out += ["### \(discipline.title)", "", discipline.meaning, ""]
            for control in catalog.controls where control.discipline == discipline {
                out.append("- **`\(control.id)`** \(md(control.title)) (scopes \(scopeList(control)), \(control.level.rawValue))  ")
                out.append("  \(md(control.rationale))  ")
                out.append("  Evidence: \(control.evidence.map(\.rawValue).joined(separator: ", ")).  ")
                let tools = [("AWS", control.tools.aws), ("Google Cloud", control.tools.gcp), ("Azure", control.tools.azure)]
                    .filter { !$0.1.isEmpty }.map { "\($0.0): \($0.1.joined(separator: ", "))" }
                if !tools.isEmpty { out.append("  Tools: \(md(tools.joined(separator: "; "))).  ") }
                let maps = control.mappings.frameworks.map { "\($0.title): \(control.mappings[$0].joined(separator: ", "))" }
                out.append("  Maps to: \(md(maps.joined(separator: "; "))).")
            }
            out.append("")
        }
        return out.joined(separator: "\n")
    }
}
