/// The formats reports render to.
public enum OutputFormat: String, Sendable, CaseIterable {
    case text
    case json
    case markdown
    case html
}
