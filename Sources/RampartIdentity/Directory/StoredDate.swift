import Foundation

/// Dates in the identity tables: ISO 8601 in UTC with milliseconds, so that text order is time order.
enum StoredDate {
    static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    static func text(_ date: Date) -> String { date.formatted(style) }

    static func date(_ text: String?) -> Date? {
        guard let text else { return nil }
        return try? style.parse(text)
    }
}

/// Sets of names stored as JSON arrays.
enum StoredList {
    static func text(_ values: Set<String>) -> String {
        (try? String(decoding: JSONEncoder().encode(values.sorted()), as: UTF8.self)) ?? "[]"
    }

    static func values(_ text: String) -> Set<String> {
        Set((try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? [])
    }
}
