public import Foundation
public import RampartCore

extension TemplateValue: Decodable {
    /// Decodes any JSON value (null, booleans, numbers, strings, arrays, objects).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let flag = try? container.decode(Bool.self) { self = .bool(flag) }
        else if let number = try? container.decode(Double.self) { self = .number(number) }
        else if let text = try? container.decode(String.self) { self = .string(text) }
        else if let items = try? container.decode([TemplateValue].self) { self = .array(items) }
        else { self = .object(try container.decode([String: TemplateValue].self)) }
    }

    /// Parses JSON text (a Terraform plan, a policy document held in a string, an API response).
    public static func parse(json data: Data, file: String) throws(InputErrors) -> TemplateValue {
        do {
            return try JSONDecoder().decode(TemplateValue.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            let detail = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String ?? context.debugDescription
            throw InputErrors(InputError(.malformed, "malformed JSON: \(detail)", at: SourceLocation(file: file)))
        } catch {
            throw InputErrors(InputError(.malformed, "malformed JSON", at: SourceLocation(file: file)))
        }
    }

    /// A policy or other document held as JSON text (Terraform's `policy = jsonencode(...)`), parsed; anything else
    /// as it is.
    public var parsedIfJSONText: TemplateValue {
        guard case .string(let text) = self, let first = text.first(where: { !$0.isWhitespace }), first == "{" || first == "[",
              let parsed = try? JSONDecoder().decode(TemplateValue.self, from: Data(text.utf8))
        else { return self }
        return parsed
    }
}
