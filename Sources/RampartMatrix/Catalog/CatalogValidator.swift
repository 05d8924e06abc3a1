import RampartCore
import RampartYAML

/// Checks a decoded catalog for the problems the decoder cannot see; returns all of them.
enum CatalogValidator {
    static func problems(in document: CatalogDocument) -> [LocatedProblem] {
        var problems: [LocatedProblem] = []
        func add(_ path: YAMLPath, _ message: String) {
            problems.append(LocatedProblem(.invalidCatalog, at: path, message))
        }
        if document.version != 1 { add(["version"], "unsupported catalog version \(document.version); expected 1") }
        if !(1...3650).contains(document.attestationMaxAgeDays) {
            add(["attestation_max_age_days"], "must be 1 to 3650 days")
        }

        var seenScopes: Set<Scope> = []
        for (i, row) in document.matrix.enumerated() {
            let path = YAMLPath(["matrix", .index(i)])
            if !seenScopes.insert(row.scope).inserted { add(path.key("scope"), "scope \(row.scope.number) appears twice") }
            for discipline in Discipline.allCases {
                if row[discipline].isEmpty { add(path.key(discipline.rawValue), "a matrix cell needs at least one consideration") }
                // A lower-case start is almost always a flow list split at a comma that needed quotes.
                for (j, item) in row[discipline].enumerated() where !(item.first?.isUppercase ?? false) {
                    add(path.key(discipline.rawValue).index(j),
                        "a consideration starts with a capital letter; quote items that contain commas")
                }
            }
        }
        for scope in Scope.allCases where !seenScopes.contains(scope) {
            add(["matrix"], "the matrix has no row for scope \(scope.number)")
        }

        var seenIDs: [String: Int] = [:]
        for (i, control) in document.controls.enumerated() {
            let path = YAMLPath(["controls", .index(i)])
            if control.id.wholeMatch(of: /[A-Z][A-Z0-9]*(-[A-Z0-9]+)+/) == nil {
                add(path.key("id"), "control id '\(control.id)' must be upper-case words joined by '-', like KEY-ROTATION-90D")
            }
            if let first = seenIDs[control.id] {
                add(path.key("id"), "duplicate control id '\(control.id)' (first at controls[\(first)])")
            } else {
                seenIDs[control.id] = i
            }
            if control.title.trimmingCharacters(in: .whitespaces).isEmpty { add(path.key("title"), "title is empty") }
            if control.rationale.count < 20 { add(path.key("rationale"), "rationale is missing or too short") }
            if control.scopes.isEmpty { add(path.key("scopes"), "a control applies to at least one scope") }
            if Set(control.scopes).count != control.scopes.count { add(path.key("scopes"), "a scope is listed twice") }
            if control.evidence.isEmpty { add(path.key("evidence"), "a control needs at least one evidence method") }
            switch (control.evidence.contains(.manifest), control.manifestFact) {
            case (true, nil): add(path.key("manifest_fact"), "'manifest' evidence needs a manifest_fact")
            case (false, .some): add(path.key("manifest_fact"), "manifest_fact is set but 'manifest' is not an evidence method")
            default: break
            }
            for (j, condition) in control.appliesWhen.enumerated() where condition.isEmpty {
                add(path.key("applies_when").index(j), "an applicability alternative needs at least one condition")
            }
            for framework in control.mappings.frameworks {
                for (j, reference) in control.mappings[framework].enumerated() where !framework.isValid(reference) {
                    add(path.key("mappings").key(framework.rawValue).index(j),
                        "'\(reference)' is not a \(framework.title) reference (expected the form '\(framework.example)')")
                }
            }
            if control.mappings.frameworks.isEmpty { add(path.key("mappings"), "a control maps to at least one framework") }
        }
        return problems
    }
}
