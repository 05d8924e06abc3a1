public import Foundation
public import RampartCore

extension TemplateValue: JSONTree {
    /// How deep a document's objects and arrays may nest.
    static let maximumJSONDepth = 256

    public static func number(_ number: JSONNumber) -> TemplateValue { .number(number.double) }

    /// Parses JSON text (an API response, a policy document held in a string).
    static func parse(json bytes: [UInt8]) throws(JSONReadError) -> TemplateValue {
        try JSONReader.parse(bytes, as: TemplateValue.self, maximumDepth: maximumJSONDepth)
    }

    /// Parses JSON text (a Terraform plan, a policy document held in a string, an API response); a problem names
    /// the line and column.
    public static func parse(json data: Data, file: String) throws(InputErrors) -> TemplateValue {
        let bytes = Array(data)
        do {
            return try parse(json: bytes)
        } catch {
            let before = bytes[..<min(error.offset, bytes.count)]
            let line = before.count { $0 == 0x0A } + 1
            let column = before.count - (before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
            throw InputErrors(InputError(.malformed, "malformed JSON: \(error.reason)", at: SourceLocation(file: file, line: line, column: column)))
        }
    }

    /// A policy or other document held as JSON text (Terraform's `policy = jsonencode(...)`), parsed; anything else
    /// as it is.
    public var parsedIfJSONText: TemplateValue {
        guard case .string(let text) = self, let first = text.first(where: { !$0.isWhitespace }), first == "{" || first == "[",
              let parsed = try? Self.parse(json: Array(text.utf8))
        else { return self }
        return parsed
    }
}
