public import Foundation
public import RampartCore

extension TemplateValue {
    /// Parses JSON text (a Terraform plan, a policy document held in a string, an API response); a problem names
    /// the line and column.
    public static func parse(json data: Data, file: String) throws(InputErrors) -> TemplateValue {
        let bytes = Array(data)
        do {
            return try JSONReader.parse(bytes)
        } catch {
            let before = bytes[..<min(error.offset, bytes.count)]
            let line = before.count { $0 == 0x0A } + 1
            let column = before.count - (before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
            throw InputErrors(InputError(.malformed, "malformed JSON: \(error.message)", at: SourceLocation(file: file, line: line, column: column)))
        }
    }

    /// A policy or other document held as JSON text (Terraform's `policy = jsonencode(...)`), parsed; anything else
    /// as it is.
    public var parsedIfJSONText: TemplateValue {
        guard case .string(let text) = self, let first = text.first(where: { !$0.isWhitespace }), first == "{" || first == "[",
              let parsed = try? JSONReader.parse(Array(text.utf8))
        else { return self }
        return parsed
    }
}
