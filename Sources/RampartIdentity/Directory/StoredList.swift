import Foundation

/// Sets of names stored as JSON arrays.
enum StoredList {
    static func text(_ values: Set<String>) -> String {
        (try? String(decoding: JSONEncoder().encode(values.sorted()), as: UTF8.self)) ?? "[]"
    }

    static func values(_ text: String) -> Set<String> {
        Set((try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? [])
    }
}
