public import Foundation

/// Times as Rampart's tables store them: ISO 8601 in UTC with milliseconds, so that text order is time order on
/// SQLite and PostgreSQL alike.
public enum StoredDate {
    static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    public static func text(_ date: Date) -> String { date.formatted(style) }

    public static func date(_ text: String?) -> Date? {
        guard let text else { return nil }
        return try? style.parse(text)
    }
}
