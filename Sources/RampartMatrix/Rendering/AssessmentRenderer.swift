import Foundation
import RampartCore

/// Renders an assessment report as text, JSON, Markdown or a self-contained HTML page.
public enum AssessmentRenderer {
    public static func render(_ report: AssessmentReport, as format: OutputFormat) -> String {
        switch format {
        case .text: text(report)
        case .json: StableJSON.encode(AssessmentDocument(report))
        case .markdown: markdown(report)
        case .html: html(report)
        }
    }

    static func statusLabel(_ result: ControlResult) -> String {
        switch result.status {
        case .satisfied: "satisfied"
        case .notApplicable: "n/a"
        case .missing: result.control.level == .required ? "MISSING" : "missing (rec.)"
        }
    }

    static func why(_ result: ControlResult) -> String {
        result.status == .satisfied
            ? result.evidence.map { "\($0.method): \($0.detail)" }.joined(separator: "; ")
            : result.reasons.joined(separator: "; ")
    }

    // MARK: text

    static func text(_ report: AssessmentReport) -> String {
        var out: [String] = []
        for assessment in report.workloads {
            let manifest = assessment.workload.manifest
            out.append("== \(manifest.name)  (owner: \(manifest.owner), \(assessment.workload.source.position))")
            out.append("Scope \(assessment.scope.number): \(assessment.scope.title) [\(assessment.workload.decision.basis.rawValue)]")
            out += assessment.workload.decision.rationale.map { "  - \($0)" }
            out.append("Classification: \(assessment.effectiveClassification) (\(assessment.classificationRationale))")
            out.append("")
            out.append("Prioritise:")
            for discipline in Discipline.allCases {
                out.append("  \(discipline.title): \(assessment.considerations[discipline, default: []].joined(separator: "; "))")
            }
            out.append("")
            var table = TextTable(["STATUS", "CONTROL", "DISCIPLINE", "LEVEL", "EVIDENCE OR REASON"])
            for result in assessment.results where result.status != .notApplicable {
                table.add([statusLabel(result), result.control.id, result.control.discipline.rawValue,
                           result.control.level.rawValue, why(result)])
            }
            out.append(table.render())
            let notApplicable = assessment.results.filter { $0.status == .notApplicable }.map(\.control.id)
            out.append("Not applicable (\(notApplicable.count)): \(notApplicable.joined(separator: ", "))")
            out.append("")
            var summary = TextTable(["DISCIPLINE", "SATISFIED", "MISSING REQUIRED", "MISSING RECOMMENDED", "N/A"])
            for line in assessment.summary {
                summary.add([line.discipline.title, "\(line.satisfied)", "\(line.missingRequired)",
                             "\(line.missingRecommended)", "\(line.notApplicable)"])
            }
            out.append(summary.render())
            out.append("")
        }
        let failing = report.workloads.filter(\.hasMissingRequired).map(\.workload.manifest.name)
        out.append("\(report.workloads.count) workload(s) assessed; "
            + (failing.isEmpty ? "no required control is missing." : "required controls missing in: \(failing.joined(separator: ", "))."))
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: markdown

    static func markdown(_ report: AssessmentReport) -> String {
        var out = ["# Rampart assessment", "",
                   "Generated \(report.generatedAt.formatted(.iso8601)) against control catalog version \(report.catalogVersion).", ""]
        out.append("| Workload | Owner | Scope | Classification | Satisfied | Missing (required) | Missing (recommended) |")
        out.append("|---|---|---|---|---|---|---|")
        for a in report.workloads {
            let totals = a.summary
            out.append("| \(md(a.workload.manifest.name)) | \(md(a.workload.manifest.owner)) | \(a.scope.number) \(a.scope.title) | \(a.effectiveClassification) | \(totals.map(\.satisfied).reduce(0, +)) | \(totals.map(\.missingRequired).reduce(0, +)) | \(totals.map(\.missingRecommended).reduce(0, +)) |")
        }
        for a in report.workloads {
            out += ["", "## \(md(a.workload.manifest.name))", ""]
            if let description = a.workload.manifest.description { out += [md(description), ""] }
            out.append("**Scope \(a.scope.number): \(a.scope.title)** (\(a.workload.decision.basis.rawValue))")
            out.append("")
            out += a.workload.decision.rationale.map { "- \(md($0))" }
            out += ["", "**Classification:** \(a.effectiveClassification): \(md(a.classificationRationale))", ""]
            out.append("### Considerations to prioritise")
            out.append("")
            for discipline in Discipline.allCases {
                out.append("- **\(discipline.title):** \(md(a.considerations[discipline, default: []].joined(separator: "; ")))")
            }
            out += ["", "### Controls", "", "| Status | Control | Discipline | Level | Evidence or reason |", "|---|---|---|---|---|"]
            for result in a.results {
                out.append("| \(statusLabel(result)) | `\(result.control.id)` \(md(result.control.title)) | \(result.control.discipline.title) | \(result.control.level.rawValue) | \(md(why(result))) |")
            }
            out += ["", "### Summary", "", "| Discipline | Satisfied | Missing (required) | Missing (recommended) | Not applicable |", "|---|---|---|---|---|"]
            for line in a.summary {
                out.append("| \(line.discipline.title) | \(line.satisfied) | \(line.missingRequired) | \(line.missingRecommended) | \(line.notApplicable) |")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Escapes text for a Markdown table cell.
    static func md(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    // MARK: html

    static func html(_ report: AssessmentReport) -> String {
        var body: [String] = []
        body.append("<h1>Rampart assessment</h1>")
        body.append("<p class=meta>Generated \(h(report.generatedAt.formatted(.iso8601))) against control catalog version \(report.catalogVersion).</p>")
        body.append("<table><thead><tr><th>Workload</th><th>Owner</th><th>Scope</th><th>Classification</th><th>Satisfied</th><th>Missing (required)</th><th>Missing (recommended)</th></tr></thead><tbody>")
        for a in report.workloads {
            let totals = a.summary
            body.append("<tr><td><a href=\"#w-\(h(a.workload.manifest.name))\">\(h(a.workload.manifest.name))</a></td><td>\(h(a.workload.manifest.owner))</td><td>\(a.scope.number) \(h(a.scope.title))</td><td>\(a.effectiveClassification)</td><td>\(totals.map(\.satisfied).reduce(0, +))</td><td class=\"\(totals.map(\.missingRequired).reduce(0, +) > 0 ? "bad" : "good")\">\(totals.map(\.missingRequired).reduce(0, +))</td><td>\(totals.map(\.missingRecommended).reduce(0, +))</td></tr>")
        }
        body.append("</tbody></table>")
        for a in report.workloads {
            body.append("<section id=\"w-\(h(a.workload.manifest.name))\"><h2>\(h(a.workload.manifest.name))</h2>")
            if let description = a.workload.manifest.description { body.append("<p>\(h(description))</p>") }
            body.append("<p><strong>Scope \(a.scope.number): \(h(a.scope.title))</strong> (\(a.workload.decision.basis.rawValue)). Owner: \(h(a.workload.manifest.owner)).</p><ul>")
            body += a.workload.decision.rationale.map { "<li>\(h($0))</li>" }
            body.append("</ul><p><strong>Classification: \(a.effectiveClassification)</strong>: \(h(a.classificationRationale))</p>")
            body.append("<h3>Considerations to prioritise</h3><dl>")
            for discipline in Discipline.allCases {
                body.append("<dt>\(h(discipline.title))</dt><dd>\(h(a.considerations[discipline, default: []].joined(separator: "; ")))</dd>")
            }
            body.append("</dl><h3>Controls</h3><table><thead><tr><th>Status</th><th>Control</th><th>Discipline</th><th>Level</th><th>Evidence or reason</th></tr></thead><tbody>")
            for result in a.results {
                let css = result.status == .satisfied ? "good" : result.status == .notApplicable ? "na" : (result.control.level == .required ? "bad" : "warn")
                body.append("<tr class=\(css)><td>\(h(statusLabel(result)))</td><td><code>\(h(result.control.id))</code> \(h(result.control.title))</td><td>\(h(result.control.discipline.title))</td><td>\(result.control.level.rawValue)</td><td>\(h(why(result)))</td></tr>")
            }
            body.append("</tbody></table><h3>Summary</h3><table><thead><tr><th>Discipline</th><th>Satisfied</th><th>Missing (required)</th><th>Missing (recommended)</th><th>Not applicable</th></tr></thead><tbody>")
            for line in a.summary {
                body.append("<tr><td>\(h(line.discipline.title))</td><td>\(line.satisfied)</td><td>\(line.missingRequired)</td><td>\(line.missingRecommended)</td><td>\(line.notApplicable)</td></tr>")
            }
            body.append("</tbody></table></section>")
        }
        return HTMLPage.wrap(title: "Rampart assessment", body: body.joined(separator: "\n"))
    }

    static func h(_ text: String) -> String { HTMLPage.escape(text) }
}

/// A self-contained HTML page: inline style, no scripts, no external resources.
enum HTMLPage {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static func wrap(title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <title>\(escape(title))</title>
        <style>
        body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:1200px;padding:0 1rem;color:#1d2330}
        h1{font-size:1.6rem}h2{border-top:2px solid #d9dee8;padding-top:1rem;margin-top:2rem}
        table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #d9dee8;padding:.3rem .5rem;text-align:left;vertical-align:top}
        th{background:#f1f4f9}code{font-size:.9em}.meta{color:#5b6475}
        tr.good td:first-child,td.good{color:#17663a;font-weight:600}tr.bad td:first-child,td.bad{color:#a4161a;font-weight:700}
        tr.warn td:first-child{color:#8a5a00}tr.na{color:#7a8394}dt{font-weight:600;margin-top:.4rem}dd{margin-left:1rem}
        </style></head><body>
        \(body)
        </body></html>

        """
    }
}
